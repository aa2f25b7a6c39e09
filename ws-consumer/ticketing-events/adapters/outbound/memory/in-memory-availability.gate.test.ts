import { describeAvailabilityGateContract } from '../../../application/ports/availability-gate.contract';
import { InMemoryAvailabilityGate } from './in-memory-availability.gate';

// The fake passes the very suite RedisAvailabilityGate passes (redis-availability.gate.int.test.ts),
// on a clock of its own: one store, so another core's gate is the same object.
describeAvailabilityGateContract('InMemoryAvailabilityGate', async () => {
  let now = 1_000;
  const gate = new InMemoryAvailabilityGate(() => now);
  return {
    gate,
    rival: gate,
    elapse: async (ms) => {
      now += ms;
    },
  };
});

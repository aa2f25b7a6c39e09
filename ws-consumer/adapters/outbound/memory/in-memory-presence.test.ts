import { describePresenceContract } from '../../../application/ports/presence.contract';
import { InMemoryPresence } from './in-memory-presence';

// The fake passes the very suite RedisPresence passes (redis-presence.int.test.ts), on a manual clock.
describePresenceContract('InMemoryPresence', async ({ leaseMs }) => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  return {
    presence: new InMemoryPresence({ leaseMs, now: () => now }),
    elapse: async (ms) => {
      now += ms;
    },
  };
});

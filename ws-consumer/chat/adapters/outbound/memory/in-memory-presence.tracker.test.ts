import { describePresenceTrackerContract } from '../../../application/ports/presence-tracker.contract';
import { InMemoryPresenceTracker } from './in-memory-presence.tracker';

// The fake passes the very suite RedisPresenceTracker passes (redis-presence.int.test.ts), on a manual clock.
describePresenceTrackerContract('InMemoryPresenceTracker', async ({ leaseMs }) => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  return {
    presence: new InMemoryPresenceTracker({ leaseMs, now: () => now }),
    elapse: async (ms) => {
      now += ms;
    },
  };
});

import { describeLoginRateLimiterContract } from '../../../application/ports/login-rate-limiter.contract';
import { InMemoryLoginRateLimiter } from './in-memory-login.rate-limiter';
import { ManualClock } from './manual.clock';

// The very suite RedisLoginRateLimiter passes (redis-login.rate-limiter.int.test.ts).
describeLoginRateLimiterContract('InMemoryLoginRateLimiter', async (limits) => {
  const clock = new ManualClock();
  return { limiter: new InMemoryLoginRateLimiter(limits, clock), elapse: async (ms) => clock.advance(ms) };
});

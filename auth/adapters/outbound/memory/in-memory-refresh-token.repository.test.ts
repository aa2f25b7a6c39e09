import { describeUserRepositoryContract } from '../../../application/ports/user-repository.contract';
import { describeRefreshTokenRepositoryContract } from '../../../application/ports/refresh-tokens.contract';
import { describeRevokedTokensContract } from '../../../application/ports/revoked-tokens.contract';
import { describeLoginRateLimiterContract } from '../../../application/ports/login-rate-limiter.contract';
import {
  InMemoryLoginRateLimiter,
  InMemoryRefreshTokenRepository,
  InMemoryRevokedTokens,
  InMemoryUserRepository,
  ManualClock,
} from './in-memory-auth-adapters';

// The fakes pass the very suites the PostgreSQL and Redis adapters pass (see *.int.test.ts).

describeUserRepositoryContract('InMemoryUserRepository', async () => ({ repo: new InMemoryUserRepository() }));

describeRefreshTokenRepositoryContract('InMemoryRefreshTokenRepository', async () => ({
  repo: new InMemoryRefreshTokenRepository(),
  userId: '1',
}));

describeRevokedTokensContract('InMemoryRevokedTokens', async () => {
  const clock = new ManualClock(new Date());
  return {
    store: new InMemoryRevokedTokens(clock),
    now: () => clock.now(),
    elapse: async (ms) => clock.advance(ms),
  };
});

describeLoginRateLimiterContract('InMemoryLoginRateLimiter', async (limits) => {
  const clock = new ManualClock();
  return { limiter: new InMemoryLoginRateLimiter(limits, clock), elapse: async (ms) => clock.advance(ms) };
});

describe('ManualClock', () => {
  it('stands still until advanced, and hands out copies', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const seen = clock.now();
    seen.setFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
  });
});

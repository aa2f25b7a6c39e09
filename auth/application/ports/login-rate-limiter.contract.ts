import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { LoginRateLimiterPort, RateDecision } from './login-rate-limiter.port';

export interface LoginRateLimits {
  perAccount: number;
  perIp: number;
  windowMs: number;
}

export interface LoginRateLimiterFixture {
  limiter: LoginRateLimiterPort;
  /** Lets `ms` pass in the limiter's time (sleeps for Redis, moves the clock for the fake). */
  elapse(ms: number): Promise<void>;
  cleanup?: () => Promise<void>;
}

// Short enough for a real-time adapter to wait out a whole window in a test.
const WINDOW_MS = 300;

/** The behaviour every LoginRateLimiterPort adapter must share; `make` builds one with the given limits. */
export function describeLoginRateLimiterContract(name: string, make: (limits: LoginRateLimits) => Promise<LoginRateLimiterFixture>): void {
  describe(`LoginRateLimiterPort contract: ${name}`, () => {
    let fixture: LoginRateLimiterFixture | undefined;

    async function limiterWith(limits: Omit<LoginRateLimits, 'windowMs'>): Promise<LoginRateLimiterFixture> {
      fixture = await make({ ...limits, windowMs: WINDOW_MS });
      return fixture;
    }

    afterEach(async () => {
      await fixture?.cleanup?.();
      fixture = undefined;
    });

    // Fresh names per test: adapters sharing a server must not see each other's counts.
    const anAccount = () => `acct-${randomUUID()}`;
    const anIp = () => `10.${randomUUID()}`;

    async function attempts(limiter: LoginRateLimiterPort, n: number, account: string, ip: string): Promise<RateDecision[]> {
      const decisions: RateDecision[] = [];
      for (let i = 0; i < n; i++) decisions.push(await limiter.consume(account, ip));
      return decisions;
    }

    function expectRefused(decision: RateDecision): void {
      expect(decision.allowed).toBe(false);
      expect(decision.retryAfterMs).toBeGreaterThan(0);
      expect(decision.retryAfterMs).toBeLessThanOrEqual(WINDOW_MS);
    }

    it('allows attempts up to the per-account limit, then refuses with a retry delay within the window', async () => {
      const { limiter } = await limiterWith({ perAccount: 3, perIp: 100 });
      const account = anAccount();
      const ip = anIp();
      const allowed = await attempts(limiter, 3, account, ip);
      expect(allowed).toEqual([{ allowed: true, retryAfterMs: 0 }, { allowed: true, retryAfterMs: 0 }, { allowed: true, retryAfterMs: 0 }]);
      expectRefused(await limiter.consume(account, ip));
      expectRefused(await limiter.consume(account, ip));
    });

    it('limits an account whatever address it comes from', async () => {
      const { limiter } = await limiterWith({ perAccount: 2, perIp: 100 });
      const account = anAccount();
      await attempts(limiter, 2, account, anIp());
      expectRefused(await limiter.consume(account, anIp()));
    });

    it('limits an address whatever accounts it tries', async () => {
      const { limiter } = await limiterWith({ perAccount: 100, perIp: 3 });
      const ip = anIp();
      for (let i = 0; i < 3; i++) expect((await limiter.consume(anAccount(), ip)).allowed).toBe(true);
      expectRefused(await limiter.consume(anAccount(), ip));
    });

    it('keeps per-account and per-address counts independent', async () => {
      const { limiter } = await limiterWith({ perAccount: 2, perIp: 4 });
      const blockedAccount = anAccount();
      const ip = anIp();
      await attempts(limiter, 2, blockedAccount, ip);
      expectRefused(await limiter.consume(blockedAccount, ip)); // ip count 3
      // Another account from the same address is still within both limits.
      expect(await limiter.consume(anAccount(), ip)).toEqual({ allowed: true, retryAfterMs: 0 }); // ip count 4
      // Another address for the blocked account is still refused by the account limit.
      expectRefused(await limiter.consume(blockedAccount, anIp()));
      // The address is now past its own limit, for any account.
      expectRefused(await limiter.consume(anAccount(), ip));
      // Neither limit touches an unrelated account and address.
      expect(await limiter.consume(anAccount(), anIp())).toEqual({ allowed: true, retryAfterMs: 0 });
    });

    it('opens again once the window has passed', async () => {
      const current = await limiterWith({ perAccount: 2, perIp: 2 });
      const account = anAccount();
      const ip = anIp();
      await attempts(current.limiter, 2, account, ip);
      expectRefused(await current.limiter.consume(account, ip));

      await current.elapse(WINDOW_MS + 100);

      expect(await attempts(current.limiter, 2, account, ip)).toEqual([
        { allowed: true, retryAfterMs: 0 },
        { allowed: true, retryAfterMs: 0 },
      ]);
      expectRefused(await current.limiter.consume(account, ip));
    });
  });
}

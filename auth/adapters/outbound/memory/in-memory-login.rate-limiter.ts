import { LRUCache } from 'lru-cache';
import type { LoginRateLimiterPort, RateDecision } from '../../../application/ports/login-rate-limiter.port';
import type { ClockPort } from '../../../application/ports/clock.port';

/**
 * Fixed windows in this process: the fake of RedisLoginRateLimiter in use-case tests (the same
 * contract suite keeps it from drifting), and the local count while Redis is away.
 */
export class InMemoryLoginRateLimiter implements LoginRateLimiterPort {
  /** The most recently used windows: a spray of accounts during an outage costs bounded memory and O(1) a login. */
  private readonly windows = new LRUCache<string, { count: number; resetAt: number }>({ max: 100_000 });

  constructor(
    private readonly limits: { perAccount: number; perIp: number; windowMs: number },
    private readonly clock: ClockPort = { now: () => new Date() },
  ) {}

  async consume(account: string, ip: string): Promise<RateDecision> {
    const waits = [this.hit(`account:${account}`, this.limits.perAccount), this.hit(`ip:${ip}`, this.limits.perIp)];
    const retryAfterMs = Math.max(...waits);
    return { allowed: retryAfterMs === 0, retryAfterMs };
  }

  private hit(key: string, limit: number): number {
    const now = this.clock.now().getTime();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) window = { count: 0, resetAt: now + this.limits.windowMs };
    window.count++;
    this.windows.set(key, window);
    return window.count > limit ? window.resetAt - now : 0;
  }
}

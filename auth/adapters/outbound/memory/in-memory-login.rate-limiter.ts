import type { LoginRateLimiterPort, RateDecision } from '../../../application/ports/login-rate-limiter.port';
import type { ClockPort } from '../../../application/ports/clock.port';

/** The fake of RedisLoginRateLimiter for use-case tests; passing the same contract suite keeps it from drifting. */
export class InMemoryLoginRateLimiter implements LoginRateLimiterPort {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

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

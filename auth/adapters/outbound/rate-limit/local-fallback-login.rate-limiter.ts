import type { Degradation } from '#kernel/lifecycle/degradation';
import type { LoginRateLimiterPort, RateDecision } from '../../../application/ports/login-rate-limiter.port';

/**
 * Login attempts counted in Redis, and in this process while Redis is away: login keeps working
 * through a Redis outage (fails open), but not without limits. The local windows are per process,
 * so with N auth instances an attacker gets at most N times the attempts for as long as the
 * outage lasts; the degradation counts and logs it.
 */
export class LocalFallbackLoginRateLimiter implements LoginRateLimiterPort {
  constructor(
    private readonly shared: LoginRateLimiterPort,
    private readonly local: LoginRateLimiterPort,
    private readonly degradation: Degradation,
  ) {}

  consume(account: string, ip: string): Promise<RateDecision> {
    return this.degradation.attempt(
      () => this.shared.consume(account, ip),
      () => this.local.consume(account, ip),
    );
  }
}

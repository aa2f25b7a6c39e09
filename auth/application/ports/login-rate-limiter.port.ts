export interface RateDecision {
  allowed: boolean;
  /** When not allowed: how long until the tightest window reopens. */
  retryAfterMs: number;
}

export interface LoginRateLimiterPort {
  /** Counts one login attempt against the account and the client address; refuses past either limit. */
  consume(account: string, ip: string): Promise<RateDecision>;
}

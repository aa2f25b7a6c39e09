import type { Redis } from 'ioredis';
import type { LoginRateLimiterPort, RateDecision } from '../../../application/ports/login-rate-limiter.port';

// Fixed windows, counted atomically: INCR each key, start its window on the first hit.
const CONSUME = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end
  out[#out + 1] = n
  out[#out + 1] = ttl
end
return out`;

export interface LoginRateLimits {
  /** Attempts allowed per account per window. */
  perAccount: number;
  /** Attempts allowed per client address per window. */
  perIp: number;
  windowMs: number;
}

export class RedisLoginRateLimiter implements LoginRateLimiterPort {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly limits: LoginRateLimits,
  ) {}

  async consume(account: string, ip: string): Promise<RateDecision> {
    const keys = [`${this.keyPrefix}auth:login:account:${account}`, `${this.keyPrefix}auth:login:ip:${ip}`];
    const [accountCount, accountTtl, ipCount, ipTtl] = (await this.redis.eval(CONSUME, keys.length, ...keys, this.limits.windowMs)) as number[];
    const waits = [accountCount > this.limits.perAccount ? accountTtl : 0, ipCount > this.limits.perIp ? ipTtl : 0];
    const retryAfterMs = Math.max(...waits);
    return { allowed: retryAfterMs === 0, retryAfterMs };
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { uniqueId } from '../../../../test/support/test-run';
import { describeLoginRateLimiterContract } from '../../../application/ports/login-rate-limiter.contract';
import { RedisLoginRateLimiter } from './redis-login.rate-limiter';

let infra: TestInfra;
beforeAll(async () => {
  infra = await connectTestInfra();
});
afterAll(async () => {
  await infra.close();
});

describeLoginRateLimiterContract('RedisLoginRateLimiter (real Redis)', async (limits) => ({
  limiter: new RedisLoginRateLimiter(infra.redis, infra.prefix, limits),
  elapse: (ms) => sleep(ms),
}));

describe('RedisLoginRateLimiter keys', () => {
  it('counts in keys under its prefix that expire with the window', async () => {
    const limiter = new RedisLoginRateLimiter(infra.redis, infra.prefix, { perAccount: 5, perIp: 5, windowMs: 60_000 });
    const account = `acct-${uniqueId()}`;
    await limiter.consume(account, '192.0.2.1');
    await limiter.consume(account, '192.0.2.1');
    const key = `${infra.prefix}auth:login:account:${account}`;
    expect(await infra.redis.get(key)).toBe('2');
    const ttl = await infra.redis.pttl(key);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('shares counts between limiters on one prefix (every auth process sees every attempt)', async () => {
    const limits = { perAccount: 2, perIp: 100, windowMs: 60_000 };
    const a = new RedisLoginRateLimiter(infra.redis, infra.prefix, limits);
    const b = new RedisLoginRateLimiter(infra.redis, infra.prefix, limits);
    const account = `acct-${uniqueId()}`;
    await a.consume(account, '192.0.2.2');
    await b.consume(account, '192.0.2.3');
    expect((await a.consume(account, '192.0.2.4')).allowed).toBe(false);
  });
});

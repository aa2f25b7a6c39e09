import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { describeRevocationListContract } from '../../../application/ports/revocation-list.contract';
import { RedisRevocationList } from './redis-revocation.list';

let infra: TestInfra;
beforeAll(async () => {
  infra = await connectTestInfra();
});
afterAll(async () => {
  await infra.close();
});

describeRevocationListContract('RedisRevocationList (real Redis)', async () => ({
  store: new RedisRevocationList(infra.redis, infra.prefix),
  now: () => new Date(),
  elapse: (ms) => sleep(Math.max(0, ms)),
}));

describe('RedisRevocationList keys', () => {
  it('gives a revoked token a TTL that ends when the token would have expired', async () => {
    const store = new RedisRevocationList(infra.redis, infra.prefix);
    const tokenId = randomUUID();
    await store.revokeToken(tokenId, Math.floor(Date.now() / 1000) + 120);
    const ttl = await infra.redis.ttl(`${infra.prefix}auth:revoked:token:${tokenId}`);
    expect(ttl).toBeGreaterThanOrEqual(118);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('gives a revoked session a TTL of the access-token lifetime', async () => {
    const store = new RedisRevocationList(infra.redis, infra.prefix);
    const sessionId = randomUUID();
    await store.revokeSession(sessionId, 900);
    const ttl = await infra.redis.ttl(`${infra.prefix}auth:revoked:session:${sessionId}`);
    expect(ttl).toBeGreaterThan(895);
    expect(ttl).toBeLessThanOrEqual(900);
  });

  it('writes no key for a token that has already expired', async () => {
    const store = new RedisRevocationList(infra.redis, infra.prefix);
    const tokenId = randomUUID();
    await store.revokeToken(tokenId, Math.floor(Date.now() / 1000) - 5);
    expect(await infra.redis.exists(`${infra.prefix}auth:revoked:token:${tokenId}`)).toBe(0);
  });

  it('keeps its keys under its prefix, apart from another prefix', async () => {
    const mine = new RedisRevocationList(infra.redis, infra.prefix);
    const theirs = new RedisRevocationList(infra.redis, `${infra.prefix}other_`);
    const sessionId = randomUUID();
    await mine.revokeSession(sessionId, 60);
    expect(await theirs.isRevoked(randomUUID(), sessionId)).toBe(false);
  });
});

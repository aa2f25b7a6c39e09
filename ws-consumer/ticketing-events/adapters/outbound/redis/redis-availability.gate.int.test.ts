import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { describeAvailabilityGateContract } from '../../../application/ports/availability-gate.contract';
import { RedisAvailabilityGate } from './redis-availability.gate';

let infra: TestInfra;
/** Another core's connection to the same Redis. */
let other: Redis;

beforeAll(async () => {
  infra = await connectTestInfra();
  other = new Redis(process.env.REDIS_URL as string);
});
afterAll(async () => {
  other?.disconnect();
  await infra?.close();
});

describeAvailabilityGateContract('RedisAvailabilityGate (real Redis)', async () => ({
  gate: new RedisAvailabilityGate(infra.redis, infra.prefix),
  rival: new RedisAvailabilityGate(other, infra.prefix),
  elapse: (ms) => sleep(ms),
}));

describe('RedisAvailabilityGate keys', () => {
  it('holds an event’s gate in `<prefix>tk:avail-gate:<event_id>` for the window (SET NX PX)', async () => {
    const eventId = randomUUID();
    await new RedisAvailabilityGate(infra.redis, infra.prefix).take(eventId, 100);
    const key = `${infra.prefix}tk:avail-gate:${eventId}`;
    expect(await infra.redis.get(key)).toBe('1');
    const ttl = await infra.redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(100);
  });

  it('keeps working after Redis forgets its scripts (a restart: SCRIPT FLUSH)', async () => {
    const gate = new RedisAvailabilityGate(infra.redis, infra.prefix);
    await gate.take(randomUUID(), 100);
    await infra.redis.script('FLUSH');
    expect(await gate.take(randomUUID(), 100)).toEqual({ taken: true });
  });
});

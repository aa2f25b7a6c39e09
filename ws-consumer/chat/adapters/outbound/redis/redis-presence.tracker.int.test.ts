import { setTimeout as sleep } from 'node:timers/promises';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { uniqueId } from '../../../../../test/support/test-run';
import { describePresenceTrackerContract } from '../../../application/ports/presence-tracker.contract';
import { RedisPresenceTracker } from './redis-presence.tracker';

let infra: TestInfra;
beforeAll(async () => {
  infra = await connectTestInfra();
});
afterAll(async () => {
  await infra.close();
});

describePresenceTrackerContract('RedisPresenceTracker (real Redis)', async ({ leaseMs }) => ({
  presence: new RedisPresenceTracker(infra.redis, infra.prefix, { leaseMs }),
  elapse: (ms) => sleep(ms),
}));

describe('RedisPresenceTracker keys', () => {
  it('keeps a room in `<prefix>presence:<room>`, members `<user>|<connection>` scored by lease expiry, expiring with the last lease', async () => {
    const presence = new RedisPresenceTracker(infra.redis, infra.prefix, { leaseMs: 30_000 });
    const room = `room-${uniqueId(4)}`;
    const before = Date.now();
    await presence.join({ room, userId: '7', connectionId: 'c1' });
    const key = `${infra.prefix}presence:${room}`;
    const [memberName, score] = await infra.redis.zrange(key, '0', '-1', 'WITHSCORES');
    expect(memberName).toBe('7|c1');
    expect(Number(score)).toBeGreaterThanOrEqual(before + 30_000 - 1_000);
    expect(Number(score)).toBeLessThanOrEqual(Date.now() + 30_000 + 1_000);
    const ttl = await infra.redis.pttl(key);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(32_000);
  });

  it('keeps working after Redis forgets its scripts (a restart: SCRIPT FLUSH)', async () => {
    const presence = new RedisPresenceTracker(infra.redis, infra.prefix);
    const room = `room-${uniqueId(4)}`;
    expect(await presence.join({ room, userId: '7', connectionId: 'c1' })).toBe(true);
    await infra.redis.script('FLUSH');
    expect(await presence.join({ room, userId: '8', connectionId: 'c2' })).toBe(true);
    expect(await presence.list(room)).toEqual(['7', '8']);
  });

  it('leaves no keys behind once the room is empty', async () => {
    const presence = new RedisPresenceTracker(infra.redis, infra.prefix);
    const room = `room-${uniqueId(4)}`;
    await presence.join({ room, userId: '7', connectionId: 'c1' });
    await presence.leave({ room, userId: '7', connectionId: 'c1' });
    expect(await infra.redis.exists(`${infra.prefix}presence:${room}`, `${infra.prefix}presence-index:${room}`)).toBe(0);
  });

  it('shares presence between processes on one prefix, and not across prefixes', async () => {
    const a = new RedisPresenceTracker(infra.redis, infra.prefix);
    const b = new RedisPresenceTracker(infra.redis, infra.prefix);
    const elsewhere = new RedisPresenceTracker(infra.redis, `${infra.prefix}other_`);
    const room = `room-${uniqueId(4)}`;
    expect(await a.join({ room, userId: '7', connectionId: 'c1' })).toBe(true);
    expect(await b.join({ room, userId: '7', connectionId: 'c2' })).toBe(false);
    expect(await elsewhere.list(room)).toEqual([]);
    expect(await b.leave({ room, userId: '7', connectionId: 'c1' })).toBe(false);
    expect(await a.leave({ room, userId: '7', connectionId: 'c2' })).toBe(true);
  });

  it('loads its scripts again after the server forgot them', async () => {
    const presence = new RedisPresenceTracker(infra.redis, infra.prefix);
    const room = `room-${uniqueId(4)}`;
    await presence.join({ room, userId: '7', connectionId: 'c1' });
    await infra.redis.script('FLUSH');
    expect(await presence.list(room)).toEqual(['7']);
  });
});

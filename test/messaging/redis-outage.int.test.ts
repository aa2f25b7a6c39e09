import { TestPlatform } from '../support/platform-harness';
import { TcpProxy } from '../../bench/support/tcp-proxy';
import { http } from '../support/auth-harness';
import { eventually } from '../support/eventually';
import { bearer, joined, closeAfterEach } from './support/messaging-helpers';
import { WsTestClient } from '../support/ws-client';

/** Presence is a convenience: with the core's Redis away, joining, recovery and sending go on. */
describe('the core with its Redis away', () => {
  const redis = new TcpProxy('127.0.0.1', 6379);
  const platform = new TestPlatform({}, { captureLogs: true });
  const track = closeAfterEach();
  beforeAll(async () => {
    await redis.start();
    await platform.start({ cores: 0 });
    await platform.addCore({ REDIS_URL: `redis://127.0.0.1:${redis.port}` });
  }, 30_000);
  afterAll(async () => {
    await platform.stop();
    await redis.stop();
  });

  const degraded = async () => Number(/realtime_degraded_total\{dependency="Redis",feature="presence",service="ws-consumer"\} (\d+)/.exec((await http(platform.cores[0].baseUrl, 'GET', '/metrics')).text)?.[1] ?? 0);

  it('joins, recovery and sends work throughout; presence is unknown (503), counted, and logged once; it is back after', async () => {
    const [alice, bob] = [await platform.user('ra'), await platform.user('rb')];
    const room = await platform.room(alice.token);
    const edge = platform.edges[0].baseUrl;
    const sender = track(await joined(edge, alice.token, room));
    for (const n of [1, 2]) expect((await sender.request('message:send', { room, body: `m${n}`, client_msg_id: `m${n}` })).type).toBe('ok');
    await sender.waitForCount((f) => f.type === 'message:new', 2);

    await redis.stop();
    try {
      const started = Date.now();
      const late = track(await WsTestClient.connect(edge, bob.token));
      const join = await late.request('room:join', { room, since_seq: 0 });
      expect(join).toMatchObject({ type: 'ok', payload: { last_seq: 2, recovered: true } });
      expect(join.payload.missed.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect((await sender.request('message:send', { room, body: 'm3', client_msg_id: 'm3' })).type).toBe('ok');
      await late.waitFor((f) => f.type === 'message:new' && f.payload.seq === 3);
      const presence = await http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/${room}/presence`, undefined, bearer(alice.token));
      expect(presence.status).toBe(503);
      expect(presence.body.error.code).toBe('unavailable');
      expect(await degraded()).toBeGreaterThanOrEqual(1);
      expect(platform.logs.filter((line) => line.msg === 'Redis (presence) unavailable; retrying until it is back')).toHaveLength(1);
    } finally {
      await redis.restart();
    }
    const back = await eventually(async () => {
      const res = await http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/${room}/presence`, undefined, bearer(alice.token));
      return res.status === 200 ? res.body : undefined;
    }, 15_000);
    expect(back.items).toContain(alice.id);
  }, 40_000);
});

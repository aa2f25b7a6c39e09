import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('room:join with since_seq (recovery)', () => {
  const platform = new TestPlatform({ WS_RATE_PER_SEC: '1000' });
  beforeAll(async () => {
    await platform.start({ edges: 2, cores: 1 });
  }, 30_000);
  afterAll(async () => {
    await platform.stop();
  });

  it('a reconnect mid-stream recovers exactly the missed messages and merges the live ones: no gap, no duplicate', async () => {
    const sender = await platform.user('sender');
    const reader = await platform.user('reader');
    const room = await platform.room(sender.token);
    const out = await WsTestClient.connect(platform.edges[0].baseUrl, sender.token);
    const total = 600;
    let sent = 0;
    const sending = (async () => {
      while (sent < total) {
        const batch = range(sent + 1, Math.min(sent + 10, total));
        await Promise.all(batch.map((n) => out.request('message:send', { room, body: `m${n}`, client_msg_id: `m${n}` }, 15_000)));
        sent += batch.length;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    const first = await WsTestClient.connect(platform.edges[1].baseUrl, reader.token);
    await first.request('room:join', { room });
    await first.waitForCount((f) => f.type === 'message:new', 50, 15_000);
    first.close();
    await first.closed;
    const seen = first.messages(room).map((m) => m.seq);
    const lastSeen = Math.max(...seen);

    await new Promise((r) => setTimeout(r, 300)); // messages keep arriving while the reader is away
    const second = await WsTestClient.connect(platform.edges[1].baseUrl, reader.token);
    const join = await second.request('room:join', { room, since_seq: lastSeen });
    expect(join.payload.recovered).toBe(true);
    const missed = join.payload.missed.map((m: { seq: number }) => m.seq);
    expect(missed).toEqual(range(lastSeen + 1, join.payload.last_seq));
    await sending;
    await second.waitFor((f) => f.type === 'message:new' && f.payload.seq === total, 20_000);

    const live = second.messages(room).map((m) => m.seq);
    const all = [...seen, ...missed, ...live];
    expect(all).toEqual(range(seen[0], total));
    expect(new Set(all).size).toBe(all.length);
    out.close();
    second.close();
  }, 60_000);

  it('answers recovered:false (and no partial list) when more than WS_RECOVERY_MAX messages are missing', async () => {
    const edge = await platform.addEdge({ WS_RECOVERY_MAX: '5' });
    const user = await platform.user('few');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(edge.baseUrl, user.token);
    await client.request('room:join', { room });
    for (const n of range(1, 8)) await client.request('message:send', { room, body: `m${n}`, client_msg_id: `m${n}` });
    await client.waitForCount((f) => f.type === 'message:new', 8);

    const tooFar = await client.request('room:join', { room, since_seq: 1 });
    expect(tooFar.payload).toMatchObject({ recovered: false, missed: [], last_seq: 8 });
    const nearEnough = await client.request('room:join', { room, since_seq: 3 });
    expect(nearEnough.payload.recovered).toBe(true);
    expect(nearEnough.payload.missed.map((m: { seq: number }) => m.seq)).toEqual([4, 5, 6, 7, 8]);
    client.close();
  });
});

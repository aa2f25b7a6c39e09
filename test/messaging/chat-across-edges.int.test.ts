import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';

describe('chat across two edges and two cores (real NATS JetStream, PostgreSQL, Redis)', () => {
  const platform = new TestPlatform();
  let pool: Pool;
  beforeAll(async () => {
    await platform.start({ edges: 2, cores: 2 });
    pool = new Pool(pgConnection(platform.databaseUrl));
  }, 30_000);
  afterAll(async () => {
    await pool.end();
    await platform.stop();
  });

  it('a message sent on edge A reaches a socket on edge B', async () => {
    const [alice, bob] = [await platform.user('alice'), await platform.user('bob')];
    const room = await platform.room(alice.token);
    const onA = await WsTestClient.connect(platform.edges[0].baseUrl, alice.token);
    const onB = await WsTestClient.connect(platform.edges[1].baseUrl, bob.token);
    expect((await onA.request('room:join', { room })).type).toBe('ok');
    expect((await onB.request('room:join', { room })).type).toBe('ok');
    const sent = await onA.request('message:send', { room, body: 'hello from A', client_msg_id: 'm1' });
    expect(sent).toMatchObject({ type: 'ok', payload: { client_msg_id: 'm1' } });
    const received = await onB.waitFor((f) => f.type === 'message:new');
    expect(received.payload).toMatchObject({ room, seq: 1, sender_id: alice.id, body: 'hello from A', message_id: sent.payload.message_id });
    onA.close();
    onB.close();
  });

  it('1,000 messages from 10 senders: stored once each with seq 1..1000, every subscriber gets all in seq order', async () => {
    const owner = await platform.user('owner');
    const room = await platform.room(owner.token);
    const senders = await Promise.all(Array.from({ length: 10 }, (_, i) => platform.user(`s${i}`)));
    const subscribers = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const user = await platform.user(`sub${i}`);
        const client = await WsTestClient.connect(platform.edges[i % 2].baseUrl, user.token);
        await client.request('room:join', { room });
        return client;
      }),
    );
    const sockets = await Promise.all(senders.map((s, i) => WsTestClient.connect(platform.edges[i % 2].baseUrl, s.token)));
    // 100 messages per sender, 20 in flight per socket (well under the 50/s, burst 100 limit over the run).
    await Promise.all(
      sockets.map(async (socket, s) => {
        for (let batch = 0; batch < 5; batch++) {
          const answers = await Promise.all(
            Array.from({ length: 20 }, (_, k) => socket.request('message:send', { room, body: `s${s} m${batch * 20 + k}`, client_msg_id: `s${s}-${batch * 20 + k}` }, 15_000)),
          );
          expect(answers.every((a) => a.type === 'ok')).toBe(true);
          await new Promise((r) => setTimeout(r, 450));
        }
      }),
    );

    const { rows } = await pool.query('SELECT seq, dedup_key FROM messages WHERE room = $1 ORDER BY seq', [room]);
    expect(rows).toHaveLength(1000);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.dedup_key)).size).toBe(1000);

    for (const subscriber of subscribers) {
      await subscriber.waitForCount((f) => f.type === 'message:new', 1000, 30_000);
      const seqs = subscriber.messages(room).map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    }
    [...subscribers, ...sockets].forEach((c) => c.close());
  }, 90_000);

  it('a retried message:send with the same client_msg_id is stored once and delivered once', async () => {
    const user = await platform.user('retry');
    const room = await platform.room(user.token);
    const watcher = await WsTestClient.connect(platform.edges[1].baseUrl, (await platform.user('watch')).token);
    await watcher.request('room:join', { room });
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    const first = await client.request('message:send', { room, body: 'once', client_msg_id: 'same' });
    const second = await client.request('message:send', { room, body: 'once', client_msg_id: 'same' });
    expect(second.payload).toEqual(first.payload);
    await watcher.waitFor((f) => f.type === 'message:new');
    await new Promise((r) => setTimeout(r, 500));
    expect(watcher.messages(room)).toHaveLength(1);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM messages WHERE room = $1', [room]);
    expect(rows[0].n).toBe(1);
    client.close();
    watcher.close();
  });
});

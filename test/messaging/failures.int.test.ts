import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { pgConnection } from '#kernel/pg/pg-pool';
import { chatNames } from '#contracts/chat/chat-subjects';
import { idempotencyKey, messageIdOf } from '#contracts/chat/chat-payloads';
import { deadLetterNames, ensureStreams } from '#kernel/nats/jetstream-streams';
import { chatStreams } from '#contracts/chat/chat-streams';
import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { TcpProxy } from '../../bench/support/tcp-proxy';
import { http } from '../support/auth-harness';
import { eventually } from '../support/eventually';


describe('failures in the message pipeline', () => {
  const postgres = new TcpProxy('127.0.0.1', 5432);
  const platform = new TestPlatform({ WS_RATE_PER_SEC: '1000', CONSUMER_ACK_WAIT: '2s', CONSUMER_MAX_DELIVER: '3' }, { captureLogs: true });
  let pool: Pool;
  let nc: NatsConnection;
  const names = () => chatNames(platform.prefix);

  beforeAll(async () => {
    await postgres.start();
    await platform.start({ edges: 1, cores: 0 });
    // The core reaches PostgreSQL through a proxy the test can cut; everything else directly.
    await platform.addCore({ DATABASE_URL: platform.databaseUrlVia(postgres.port) });
    pool = new Pool(pgConnection(platform.databaseUrl));
    nc = await connect({ servers: process.env.NATS_URL });
  }, 30_000);
  afterAll(async () => {
    await nc.close();
    await pool.end();
    await platform.stop();
    await postgres.stop();
  });

  async function deadLetterCount(reason: string): Promise<number> {
    const metrics = await http(platform.cores[0].baseUrl, 'GET', '/metrics');
    return Number(new RegExp(`realtime_dead_letters_total\\{context="chat",reason="${reason}",service="ws-consumer"\\} (\\d+)`).exec(metrics.text)?.[1] ?? 0);
  }

  async function duplicatesCounted(): Promise<number> {
    const metrics = await http(platform.cores[0].baseUrl, 'GET', '/metrics');
    return Number(/realtime_messages_persisted_total\{outcome="duplicate",service="ws-consumer"\} (\d+)/.exec(metrics.text)?.[1] ?? 0);
  }

  async function deadLetters(): Promise<{ reason: string; data: string; deliveries: string }[]> {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(deadLetterNames(platform.prefix).stream);
    const letters = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const stored = await jsm.streams.getMessage(deadLetterNames(platform.prefix).stream, { seq });
      if (stored) letters.push({ reason: stored.header.get('Rt-Dlq-Reason'), data: new TextDecoder().decode(stored.data), deliveries: stored.header.get('Rt-Deliveries') });
    }
    return letters;
  }

  it('poison messages go to the dead-letter stream with the reason and are counted in /metrics', async () => {
    const js = jetstream(nc);
    await js.publish(names().chatRoom('anything'), 'this is not json');
    await js.publish(names().chatRoom('anything'), JSON.stringify({ room: 'anything', body: 'no sender' }));
    const valid = { message_id: messageIdOf(idempotencyKey('1', 'p1')), room: 'no-such-room', sender_id: '1', body: 'x', client_msg_id: 'p1', sent_at: new Date().toISOString() };
    await js.publish(names().chatRoom('no-such-room'), JSON.stringify(valid));
    // A message id not derived from its key: ids would no longer be as unique as keys.
    await js.publish(names().chatRoom('anything'), JSON.stringify({ ...valid, room: 'anything', message_id: randomUUID() }));

    const letters = await eventually(async () => {
      const found = await deadLetters();
      return found.length >= 4 ? found : undefined;
    });
    expect(letters.map((l) => l.reason).sort()).toEqual(['invalid_json', 'invalid_payload', 'invalid_payload', 'unknown_room']);
    expect(letters.find((l) => l.reason === 'invalid_json')?.data).toBe('this is not json');
    const metrics = await http(platform.cores[0].baseUrl, 'GET', '/metrics');
    for (const [reason, count] of [['invalid_json', 1], ['invalid_payload', 2], ['unknown_room', 1]]) {
      expect(metrics.text).toMatch(new RegExp(`realtime_dead_letters_total\\{context="chat",reason="${reason}",service="ws-consumer"\\} ${count}`));
    }
  });

  it('a message stored before (same sender and client_msg_id, past the JetStream duplicate window) is stored once and delivered once', async () => {
    const user = await platform.user('dup');
    const room = await platform.room(user.token);
    const watcher = await WsTestClient.connect(platform.edges[0].baseUrl, (await platform.user('watch')).token);
    await watcher.request('room:join', { room });
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    expect((await client.request('message:send', { room, body: 'first', client_msg_id: 'same' })).type).toBe('ok');
    await watcher.waitFor((f) => f.type === 'message:new');
    const duplicatesBefore = await duplicatesCounted();
    // A retry arriving after the duplicate window: JetStream stores it again (other Nats-Msg-Id).
    const retry = { message_id: messageIdOf(idempotencyKey(user.id, 'same')), room, sender_id: user.id, body: 'retry', client_msg_id: 'same', sent_at: new Date().toISOString() };
    await jetstream(nc).publish(names().chatRoom(room), JSON.stringify(retry), { msgID: `late-${randomUUID()}` });
    await eventually(async () => ((await duplicatesCounted()) > duplicatesBefore ? true : undefined), 10_000, 'the core to see the duplicate');
    await new Promise((r) => setTimeout(r, 300));
    expect(watcher.messages(room).map((m) => m.body)).toEqual(['first']);
    const { rows } = await pool.query('SELECT body FROM messages WHERE room = $1', [room]);
    expect(rows).toEqual([{ body: 'first' }]);
    client.close();
    watcher.close();
  });

  it('PostgreSQL going away loses nothing: sends stay acknowledged, and are stored and delivered once it is back', async () => {
    const user = await platform.user('pg');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    await client.request('room:join', { room });
    expect((await client.request('message:send', { room, body: 'before', client_msg_id: 'b' })).type).toBe('ok');
    await client.waitFor((f) => f.type === 'message:new');

    await postgres.stop();
    // Sends still succeed: they are durable in JetStream (the posting permission is cached).
    for (const n of [1, 2, 3]) expect((await client.request('message:send', { room, body: `during ${n}`, client_msg_id: `d${n}` })).type).toBe('ok');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(client.messages(room)).toHaveLength(1);
    const ready = await http(platform.cores[0].baseUrl, 'GET', '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.down).toContain('postgres');

    await postgres.restart();
    await client.waitForCount((f) => f.type === 'message:new', 4, 30_000);
    expect(client.messages(room).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    const { rows } = await pool.query('SELECT client_msg_id FROM messages WHERE room = $1 ORDER BY seq', [room]);
    expect(rows.map((r) => r.client_msg_id)).toEqual(['b', 'd1', 'd2', 'd3']);
    client.close();
  }, 60_000);

  it('PostgreSQL away for longer than the edge trusts a permission: sends stay acknowledged throughout, nothing lost or doubled', async () => {
    // The edge re-checks "may post" every 300 ms here; the check needs the core and PostgreSQL.
    const edge = await platform.addEdge({ WS_AUTHORIZATION_TTL: '300ms' });
    const user = await platform.user('outage');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(edge.baseUrl, user.token);
    await client.request('room:join', { room });
    expect((await client.request('message:send', { room, body: 'warm', client_msg_id: 'o0' })).type).toBe('ok');
    await client.waitFor((f) => f.type === 'message:new');
    const logsBefore = platform.logs.length;
    await postgres.stop();
    const answers: string[] = [];
    try {
      // Two seconds of sends, far past the 300 ms after which the edge asks the core again.
      for (let n = 1; n <= 10; n++) {
        answers.push((await client.request('message:send', { room, body: `during ${n}`, client_msg_id: `o${n}` })).type);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await postgres.restart();
    }
    expect(answers).toEqual(Array(10).fill('ok'));
    await client.waitForCount((f) => f.type === 'message:new', 11, 30_000);
    expect(client.messages(room).map((m) => m.seq)).toEqual([...Array(11).keys()].map((i) => i + 1));
    const { rows } = await pool.query('SELECT client_msg_id FROM messages WHERE room = $1 ORDER BY seq', [room]);
    expect(rows.map((r) => r.client_msg_id)).toEqual([...Array(11).keys()].map((i) => `o${i}`));
    // The outage in the core's log: once when it starts, once when it ends (and a summary every 10 s in between).
    const persisting = platform.logs.slice(logsBefore).filter((line) => line.service === 'ws-consumer' && String(line.msg).startsWith('PostgreSQL (persisting messages)'));
    expect(persisting.map((line) => line.msg)).toEqual(['PostgreSQL (persisting messages) unavailable; retrying until it is back', 'PostgreSQL (persisting messages) back']);
    expect(platform.logs.slice(logsBefore).filter((line) => (line.level as number) >= 40).length).toBeLessThan(10);
    client.close();
  }, 60_000);

  it('PostgreSQL away for longer than the retry budget still loses nothing: the message waits, nothing is dead-lettered', async () => {
    const user = await platform.user('patient');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    await client.request('room:join', { room });
    expect((await client.request('message:send', { room, body: 'warm', client_msg_id: 'w' })).type).toBe('ok'); // caches the posting permission
    await client.waitFor((f) => f.type === 'message:new');
    const deadBefore = await deadLetterCount('persist_failed');
    await postgres.stop();
    try {
      expect((await client.request('message:send', { room, body: 'patient', client_msg_id: 'p' })).type).toBe('ok');
      // CONSUMER_MAX_DELIVER is 3 here: an outage this long would have used up three attempts.
      await new Promise((r) => setTimeout(r, 7_000));
    } finally {
      await postgres.restart();
    }
    await client.waitForCount((f) => f.type === 'message:new', 2, 20_000);
    expect(client.messages(room).map((m) => m.body)).toEqual(['warm', 'patient']);
    expect(await deadLetterCount('persist_failed')).toBe(deadBefore);
    client.close();
  }, 45_000);

  it('JetStream unavailable: message:send answers `unavailable`, never a silent drop, and works again once it is back', async () => {
    const user = await platform.user('js');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    expect((await client.request('message:send', { room, body: 'warm', client_msg_id: 'w' })).type).toBe('ok');
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(names().chatStream);
    const answer = await client.request('message:send', { room, body: 'lost?', client_msg_id: 'x' }, 15_000);
    expect(answer).toMatchObject({ type: 'error', payload: { code: 'unavailable' } });
    await ensureStreams(nc, chatStreams(platform.prefix));
    expect((await client.request('message:send', { room, body: 'back', client_msg_id: 'y' }, 15_000)).type).toBe('ok');
    client.close();
  }, 30_000);

  it('NATS back after a cut: sends of new sender/room pairs made while it was away are answered ok once it returns, none refused', async () => {
    const natsProxy = await new TcpProxy('127.0.0.1', 4222).start();
    const edge = await platform.addEdge({ NATS_URL: `nats://127.0.0.1:${natsProxy.port}` });
    const users = await Promise.all(Array.from({ length: 10 }, (_, i) => platform.user(`back${i}`)));
    const room = await platform.room(users[0].token);
    const clients = await Promise.all(users.map((u) => WsTestClient.connect(edge.baseUrl, u.token)));
    try {
      await natsProxy.stop();
      await eventually(async () => ((await http(edge.baseUrl, 'GET', '/ready')).status === 503 ? true : undefined));
      // First sends of these pairs: their permission check waits for NATS instead of going into a buffer
      // that reconnecting drops (that was a 5 s timeout and `unavailable`).
      const sends = clients.map((client, i) => client.request('message:send', { room, body: 'first', client_msg_id: `first-${i}` }, 15_000));
      await new Promise((r) => setTimeout(r, 500));
      const back = Date.now();
      await natsProxy.restart();
      const answers = await Promise.all(sends);
      expect(answers.map((a) => a.type)).toEqual(Array(10).fill('ok'));
      expect(Date.now() - back).toBeLessThan(4_000);
    } finally {
      for (const client of clients) client.close();
      await natsProxy.stop();
    }
  }, 40_000);

  it('NATS away from an edge: /ready names it, sends answer `unavailable` (nothing acknowledged), and the edge recovers', async () => {
    const natsProxy = await new TcpProxy('127.0.0.1', 4222).start();
    const edge = await platform.addEdge({ NATS_URL: `nats://127.0.0.1:${natsProxy.port}` });
    const user = await platform.user('natsdown');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(edge.baseUrl, user.token);
    await client.request('room:join', { room });
    expect((await client.request('message:send', { room, body: 'before', client_msg_id: 'n0' })).type).toBe('ok');

    await natsProxy.stop();
    expect((await http(edge.baseUrl, 'GET', '/ready')).body.down).toContain('nats');
    const answer = await client.request('message:send', { room, body: 'while away', client_msg_id: 'n1' }, 15_000);
    expect(answer).toMatchObject({ type: 'error', payload: { code: 'unavailable' } });

    await natsProxy.restart();
    await eventually(async () => ((await http(edge.baseUrl, 'GET', '/ready')).status === 200 ? true : undefined));
    expect((await client.request('message:send', { room, body: 'after', client_msg_id: 'n2' }, 15_000)).type).toBe('ok');
    client.close();
    await natsProxy.stop();
  }, 40_000);
});

import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { chatNames } from '#contracts/chat/chat-subjects';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { feedNames } from '#contracts/feed/feed-names';
import { userEventNames } from '#contracts/auth/user-events';
import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { TcpProxy } from '../../bench/support/tcp-proxy';
import { http } from '../support/auth-harness';
import { eventually } from '../support/eventually';
import { bearer } from '../messaging/support/messaging-helpers';

interface ConsumerRow {
  stream: string;
  durable: string;
  num_pending: number | null;
  num_ack_pending: number | null;
  num_redelivered: number | null;
}

describe('GET /v1/admin/consumers (the core)', () => {
  const postgres = new TcpProxy('127.0.0.1', 5432);
  const platform = new TestPlatform();
  let nc: NatsConnection;
  let admin: { token: string };
  let user: { token: string };

  beforeAll(async () => {
    await postgres.start();
    await platform.start({ edges: 1, cores: 0 });
    // The core reaches PostgreSQL through a proxy the test can cut: its messages then wait in JetStream.
    await platform.addCore({ DATABASE_URL: platform.databaseUrlVia(postgres.port) });
    nc = await connect({ servers: process.env.NATS_URL });
    [admin, user] = [await platform.admin(), await platform.user()];
  }, 30_000);
  afterAll(async () => {
    await nc.close();
    await platform.stop();
    await postgres.stop();
  });

  const report = async (token?: string) => http(platform.cores[0].baseUrl, 'GET', '/v1/admin/consumers', undefined, token ? bearer(token) : {});
  const consumer = async (durable: string): Promise<ConsumerRow> => (await report(admin.token)).body.consumers.find((c: ConsumerRow) => c.durable === durable);

  it('answers 401 without a token and 403 to a user without the admin role', async () => {
    expect((await report()).status).toBe(401);
    expect((await report(user.token)).status).toBe(403);
  });

  it('lists every durable consumer of the core, by stream, with its counts', async () => {
    const [chat, ticketing, feed, users] = [chatNames(platform.prefix), ticketingNames(platform.prefix), feedNames(platform.prefix), userEventNames(platform.prefix)];
    const answer = await report(admin.token);
    expect(answer.status).toBe(200);
    expect(answer.body.consumers.map((c: ConsumerRow) => [c.stream, c.durable])).toEqual([
      [chat.chatStream, chat.chatConsumer],
      [ticketing.stream, ticketing.roomsConsumer],
      [ticketing.stream, ticketing.framesConsumer],
      [chat.chatStream, chat.searchConsumer],
      [users.stream, users.searchConsumer],
      [ticketing.stream, ticketing.searchConsumer],
      [feed.stream, feed.postsConsumer],
    ]);
    for (const row of answer.body.consumers) expect(row).toEqual({ stream: row.stream, durable: row.durable, num_pending: expect.any(Number), num_ack_pending: expect.any(Number), num_redelivered: expect.any(Number) });
  });

  it('counts a message the core gave up on under its source, chat', async () => {
    const chatLetters = async () => ((await report(admin.token)).body.dead_letters.find((d: { source: string }) => d.source === 'chat')?.count ?? 0) as number;
    const before = await chatLetters();
    await jetstream(nc).publish(chatNames(platform.prefix).chatRoom('anything'), 'this is not json');
    expect(await eventually(async () => ((await chatLetters()) === before + 1 ? true : undefined), 10_000, 'the dead letter counted')).toBe(true);
  });

  it('shows core-persist lagging while PostgreSQL is away, and caught up once it is back', async () => {
    const durable = chatNames(platform.prefix).chatConsumer;
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    try {
      await client.request('room:join', { room });
      expect((await client.request('message:send', { room, body: 'before', client_msg_id: 'b' })).type).toBe('ok');
      await client.waitFor((f) => f.type === 'message:new');
      await postgres.stop();
      // Still acknowledged (durable in JetStream), but not stored: they wait, given or not yet given to the core.
      for (const n of [1, 2, 3]) expect((await client.request('message:send', { room, body: `during ${n}`, client_msg_id: `d${n}` })).type).toBe('ok');
      const lagging = await eventually(async () => {
        const row = await consumer(durable);
        return (row.num_pending ?? 0) + (row.num_ack_pending ?? 0) >= 3 ? row : undefined;
      }, 10_000, 'core-persist lagging by 3');
      expect(lagging.num_pending! + lagging.num_ack_pending!).toBe(3);

      await postgres.restart();
      await client.waitForCount((f) => f.type === 'message:new', 4, 30_000);
      const caughtUp = await eventually(async () => {
        const row = await consumer(durable);
        return row.num_pending === 0 && row.num_ack_pending === 0 ? row : undefined;
      }, 10_000, 'core-persist caught up');
      expect(caughtUp).toMatchObject({ num_pending: 0, num_ack_pending: 0 });
    } finally {
      client.close();
    }
  }, 60_000);

  it('is in the core’s OpenAPI document, behind the bearer scheme', async () => {
    const document = (await http(platform.cores[0].baseUrl, 'GET', '/docs/openapi.json')).body;
    expect(document.paths['/v1/admin/consumers'].get).toMatchObject({ tags: ['admin'], security: [{ bearer: [] }] });
  });
});

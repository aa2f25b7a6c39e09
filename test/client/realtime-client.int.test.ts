import WebSocket from 'ws';
import { ClientError, RealtimeClient, type Message, type RealtimeClientOptions } from '../../client/sdk';
import { eventually } from '../support/eventually';
import { follow, publishPost } from '../feed/support/feed-actions';
import { TestPlatform } from '../support/platform-harness';
import { http } from '../support/auth-harness';

// The client library against a real platform (auth, a core, edges): the three auth forms, request
// answers, recovery across edge restarts, the feed.

jest.setTimeout(90_000);

const platform = new TestPlatform();
const clients: RealtimeClient[] = [];

beforeAll(() => platform.start());
afterEach(() => clients.splice(0).forEach((client) => client.close()));
afterAll(() => platform.stop());

/** The newest edge's WebSocket URL: a restarted edge listens on a new port. */
function edgeUrl(): string {
  return `ws://127.0.0.1:${platform.edges[platform.edges.length - 1].httpPort}/v1/ws`;
}

function client(token: string, options: Partial<RealtimeClientOptions> = {}): RealtimeClient {
  const made = new RealtimeClient({ url: edgeUrl, token: () => token, WebSocket: WebSocket, reconnect: { initialMs: 50, maxMs: 500 }, ...options });
  clients.push(made);
  return made;
}

function collect(target: RealtimeClient, room: string): Message[] {
  const got: Message[] = [];
  target.on('message:new', (message) => message.room === room && got.push(message));
  return got;
}

describe('RealtimeClient', () => {
  it.each(['header', 'query', 'frame'] as const)('connects with the token as %s and answers system:connected', async (auth) => {
    const alice = await platform.user('alice');
    const connected = await client(alice.token, { auth }).connect();
    expect(connected.user_id).toBe(alice.id);
    expect(connected.heartbeat_ms).toBeGreaterThan(0);
  });

  it('refuses a bad token for good (no reconnect loop) with ClientError unauthorized', async () => {
    const bad = client('not-a-jwt');
    const states: string[] = [];
    bad.on('state', (state) => states.push(state));
    await expect(bad.connect()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(bad.state).toBe('closed');
    expect(states.filter((s) => s === 'reconnecting')).toHaveLength(0);
  });

  it('answers concurrent requests by id, and an error answer rejects with its code', async () => {
    const alice = await platform.user('alice');
    const bob = await platform.user('bob');
    const rooms = await Promise.all([platform.room(alice.token), platform.room(alice.token)]);
    const secret = await platform.room(bob.token, 'private');
    const a = client(alice.token);
    await a.connect();
    const joins = await Promise.all(rooms.map((room) => a.join(room)));
    expect(joins.map((j) => j.room)).toEqual(rooms);
    const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => a.send({ room: rooms[i % 2] }, `m${i}`, `c-${i}`)));
    expect(sent.map((s) => s.client_msg_id)).toEqual(Array.from({ length: 20 }, (_, i) => `c-${i}`));
    expect(new Set(sent.map((s) => s.message_id)).size).toBe(20);
    const refused = await a.join(secret).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ClientError);
    expect(refused).toMatchObject({ code: 'forbidden' });
    await expect(a.join('no-such-room-here')).rejects.toMatchObject({ code: 'not_found' });
    await expect(a.send({ room: rooms[0] }, 'x'.repeat(4001))).rejects.toMatchObject({ code: 'too_large' });
  });

  it('paces a burst beyond the edge rate limit (50 frames/s, bursts of 100) instead of having it refused', async () => {
    const alice = await platform.user('alice');
    const room = await platform.room(alice.token);
    const a = client(alice.token);
    await a.connect();
    await a.join(room);
    const answers = await Promise.all(Array.from({ length: 160 }, (_, i) => a.send({ room }, `burst ${i}`)));
    expect(new Set(answers.map((answer) => answer.message_id)).size).toBe(160);
  });

  it('survives three edge restarts while messages are sent: every message reaches the reader once, in order', async () => {
    const alice = await platform.user('alice');
    const bob = await platform.user('bob');
    const room = await platform.room(alice.token);
    const writer = client(alice.token);
    const reader = client(bob.token, { auth: 'query' });
    await Promise.all([writer.connect(), reader.connect()]);
    await Promise.all([writer.join(room), reader.join(room)]);
    const got = collect(reader, room);
    const reconnects: string[] = [];
    reader.on('state', (state) => state === 'open' && reconnects.push(state));

    const total = 90;
    const sending = (async () => {
      const answers = [];
      for (let i = 0; i < total; i++) {
        answers.push(writer.send({ room }, `n${i}`, `restart-${i}`));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      return Promise.all(answers);
    })();
    for (let restart = 0; restart < 3; restart++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await platform.edges[0].stop();
      platform.edges.shift();
      await platform.addEdge();
    }
    const answers = await sending;
    expect(new Set(answers.map((a) => a.message_id)).size).toBe(total);

    await eventually(async () => got.length >= total || undefined, 30_000, `all ${total} messages at the reader (has ${got.length})`);
    expect(got.map((m) => m.body)).toEqual(Array.from({ length: total }, (_, i) => `n${i}`));
    const seqs = got.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => seqs[0] + i));
    expect(reconnects.length).toBeGreaterThanOrEqual(3);
    expect(reader.lastSeq(room)).toBe(seqs[total - 1]);
  });

  it('delivers post:created from followed users and resumes the feed after a reconnect', async () => {
    const author = await platform.user('author');
    const fan = await platform.user('fan');
    await follow(platform.cores[0].baseUrl, fan, author);
    const reader = client(fan.token);
    await reader.connect();
    await reader.subscribeFeed();
    const posts: string[] = [];
    reader.on('post:created', (frame) => posts.push(frame.payload.description));
    await publishPost(platform.edges[0].baseUrl, author, 'first');
    await eventually(async () => posts.length === 1 || undefined, 10_000, 'the first post');
    await platform.edges[0].stop();
    platform.edges.shift();
    await publishPost((await platform.addEdge()).baseUrl, author, 'while away');
    await eventually(async () => posts.length === 2 || undefined, 20_000, `the post published while away (has ${JSON.stringify(posts)})`);
    expect(posts).toEqual(['first', 'while away']);
  });
});

describe('RealtimeClient with short-lived tokens', () => {
  const shortLived = new TestPlatform({ ACCESS_TOKEN_TTL: '4s' });
  beforeAll(() => shortLived.start());
  afterAll(() => shortLived.stop());

  it('re-authenticates its socket (auth:refresh) before the token expires instead of being closed with 4010', async () => {
    const alice = await shortLived.user('alice');
    const room = await shortLived.room(alice.token);
    let issued = 0;
    const token = async () => {
      issued++;
      const login = await http(shortLived.auth.baseUrl, 'POST', '/v1/auth/login', { username: alice.username, password: 'password123' });
      return login.body.access_token as string;
    };
    const a = new RealtimeClient({ url: `ws://127.0.0.1:${shortLived.edges[0].httpPort}/v1/ws`, token, WebSocket });
    clients.push(a);
    const states: string[] = [];
    a.on('state', (state) => states.push(state));
    await a.connect();
    await a.join(room);
    await new Promise((resolve) => setTimeout(resolve, 9_000)); // past two expiries
    expect(states).toEqual(['connecting', 'open']);
    expect(issued).toBeGreaterThanOrEqual(3);
    await expect(a.send({ room }, 'still here')).resolves.toMatchObject({ client_msg_id: expect.any(String) });
  });
});

describe('RealtimeClient when more was missed than the edge replays', () => {
  const small = new TestPlatform({ WS_RECOVERY_MAX: '5' });
  beforeAll(() => small.start({ edges: 2 }));
  afterAll(() => small.stop());

  it('says room:reset (recovered:false) and goes on with the live messages', async () => {
    const [alice, bob] = [await small.user('alice'), await small.user('bob')];
    const room = await small.room(alice.token);
    // bob reads through the first edge (restarted below); alice writes through the second over HTTP.
    let readerPort = small.edges[0].httpPort; // while it is down, the reader finds nothing there
    const readerEdge = () => `ws://127.0.0.1:${readerPort}/v1/ws`;
    const reader = new RealtimeClient({ url: readerEdge, token: () => bob.token, WebSocket, reconnect: { initialMs: 50, maxMs: 300 } });
    clients.push(reader);
    const resets: { room: string; last_seq: number }[] = [];
    reader.on('room:reset', (reset) => resets.push(reset));
    const got = collect(reader, room);
    await reader.connect();
    await reader.join(room);
    const writerEdge = small.edges[1].baseUrl;
    const publish = (i: number) => http(writerEdge, 'POST', `/v1/rooms/${room}/messages`, { body: `m${i}`, client_msg_id: `m-${i}` }, { authorization: `Bearer ${alice.token}` });
    await publish(1);
    await eventually(async () => got.length === 1 || undefined, 10_000, 'the first message');

    const [stopped] = small.edges.splice(0, 1);
    await stopped.stop();
    for (let i = 2; i <= 12; i++) expect((await publish(i)).status).toBe(201); // 11 missed, over the 5 replayed
    // Stored by the core before the reader is back (else some would still arrive live, rightly).
    await eventually(async () => (await http(small.cores[0].baseUrl, 'GET', `/v1/rooms/${room}/messages?limit=1`, undefined, { authorization: `Bearer ${alice.token}` })).body.items[0]?.seq === 12 || undefined, 10_000, 'the missed messages stored');
    readerPort = (await small.addEdge()).httpPort;
    await eventually(async () => resets.length === 1 || undefined, 15_000, `room:reset (state ${reader.state}, got seqs ${got.map((m) => m.seq)})`);
    expect(resets[0].room).toBe(room);
    expect(resets[0].last_seq).toBeGreaterThanOrEqual(11);
    expect(got.map((m) => m.body)).toEqual(['m1']); // the missed ones are for the app to load as history
    expect((await publish(13)).status).toBe(201);
    await eventually(async () => got.length === 2 || undefined, 10_000, 'the next live message');
    expect(got[1]).toMatchObject({ body: 'm13', seq: 13 });
    expect(reader.lastSeq(room)).toBe(13);
  });
});

import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { connect } from '@nats-io/transport-node';
import { pgConnection } from '#kernel/pg/pg-pool';
import { reindex, loadConsumerConfig } from '../../ws-consumer/index';
import { TestPlatform } from '../support/platform-harness';
import { http } from '../support/auth-harness';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/test-run';
import { publishTicketingEvents } from '../support/ticketing-events';

/** Search end to end: auth, one core (indexing and serving), one edge; documents arrive through the streams. */
describe('search (real PostgreSQL, NATS JetStream; auth, core and edge started)', () => {
  const platform = new TestPlatform();
  let core: string;
  let pool: Pool;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const search = (token: string, path: string) => http(core, 'GET', path, undefined, as(token));
  const hits = async (token: string, path: string) => {
    const res = await search(token, path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body.items as Record<string, unknown>[];
  };
  const send = async (token: string, room: string, body: string) => {
    const res = await http(platform.edges[0].baseUrl, 'POST', `/v1/rooms/${room}/messages`, { body, client_msg_id: uniqueId(6) }, as(token));
    if (res.status >= 300) throw new Error(`send: ${res.status} ${res.text}`);
  };

  beforeAll(async () => {
    await platform.start();
    core = platform.cores[0].baseUrl;
    pool = new Pool({ ...pgConnection(platform.databaseUrl), max: 2 });
  }, 60_000);
  afterAll(async () => {
    await pool.end();
    await platform.stop();
  });

  it('finds a registered user by a middle fragment of the phone, the email and the username', async () => {
    const me = await platform.user('seeker');
    const tag = uniqueId(4);
    const phone = `+8490${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    const username = `zed_${tag}_lowe`;
    const registered = await http(platform.auth.baseUrl, 'POST', '/v1/auth/register', { username, email: `zed.${tag}@mail-${tag}.example`, phone, password: 'password123' });
    expect(registered.status).toBe(201);
    const id = registered.body.user.id;
    const found = (path: string) => eventually(async () => ((await hits(me.token, path)).some((u) => u.id === id) ? true : undefined), 10_000, path);
    await found(`/v1/search/users?q=${encodeURIComponent(phone.slice(4, 10))}`);
    await found(`/v1/search/users?q=${encodeURIComponent(`${tag}@mail-`)}`);
    await found(`/v1/search/users?q=${tag}_lo`);
    expect(await hits(me.token, `/v1/search/users?q=${tag}_lo`)).toEqual([{ id, username }]);
    // Literal text: a LIKE wildcard matches itself, not everything.
    expect(await hits(me.token, '/v1/search/users?q=%25%25%25')).toEqual([]);
  });

  it('finds a private room’s message as a member, never as a non-member, and stops finding it once removed', async () => {
    const owner = await platform.user('owner');
    const member = await platform.user('member');
    const outsider = await platform.user('outsider');
    const secret = await platform.room(owner.token, 'private', [member.id]);
    const lobby = await platform.room(owner.token, 'public');
    const word = `quux${uniqueId(4)}`;
    await send(owner.token, secret, `the ${word} plan is secret`);
    await send(owner.token, lobby, `the ${word} plan is public`);

    const rooms = async (token: string, extra = '') => (await hits(token, `/v1/search/messages?q=${word}+plan${extra}`)).map((m) => m.room).sort();
    await eventually(async () => ((await rooms(member.token)).length === 2 ? true : undefined), 10_000, 'both messages indexed');
    expect(await rooms(member.token)).toEqual([lobby, secret].sort());
    expect(await rooms(member.token, `&room=${secret}`)).toEqual([secret]);
    expect(await rooms(outsider.token)).toEqual([lobby]);
    expect(await rooms(outsider.token, `&room=${secret}`)).toEqual([]);
    const [hit] = await hits(member.token, `/v1/search/messages?q=${word}&room=${secret}`);
    expect(hit).toMatchObject({ room: secret, seq: 1, sender_id: owner.id, body: `the ${word} plan is secret` });
    expect(hit.snippet).toContain(`<mark>${word}</mark>`);

    const removed = await http(core, 'DELETE', `/v1/rooms/${secret}/members/${member.id}`, undefined, as(owner.token));
    expect(removed.status).toBe(204);
    expect(await rooms(member.token)).toEqual([lobby]);
    expect(await rooms(member.token, `&room=${secret}`)).toEqual([]);
  });

  it('finds an event ticketing announced by words of its name and venue', async () => {
    const me = await platform.user('fan');
    const word = `gig${uniqueId(4)}`;
    const eventId = randomUUID();
    const nc = await connect({ servers: process.env.NATS_URL });
    try {
      await publishTicketingEvents(nc, platform.prefix, [{ type: 'event.created', event_id: eventId, name: `Big ${word} Night`, venue: 'Hall Nine', starts_at: '2027-05-01T20:00:00.000Z', organizer_id: me.id, seats: 10 }]);
    } finally {
      await nc.close();
    }
    const found = await eventually(async () => (await hits(me.token, `/v1/search/events?q=${word}+hall`))[0], 10_000, 'the event indexed');
    expect(found).toEqual({ id: eventId, name: `Big ${word} Night`, venue: 'Hall Nine', starts_at: '2027-05-01T20:00:00.000Z', organizer_id: me.id });
  });

  it('answers bad input with a clear 400 and literal syntax with a plain answer', async () => {
    const me = await platform.user('bad');
    for (const path of ['/v1/search/users', '/v1/search/users?q=', `/v1/search/users?q=${'x'.repeat(801)}`, '/v1/search/messages?q=a&room=Not%20A%20Room', '/v1/search/events?q=a&limit=0', '/v1/search/events?q=a&limit=101', '/v1/search/users?q=abc&cursor=bm9wZQ', '/v1/search/messages?q=%20%20']) {
      const res = await search(me.token, path);
      expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({ path, status: 400, code: 'bad_request' });
    }
    const long = await search(me.token, `/v1/search/users?q=${'y'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toContain('200');
    for (const q of ["'; DROP TABLE search_users; --", '*:*', 'a\\', '"', '100%_', 'body:(x OR y)~']) {
      for (const kind of ['users', 'messages', 'events']) expect((await search(me.token, `/v1/search/${kind}?q=${encodeURIComponent(q)}`)).status).toBe(200);
    }
    expect((await http(core, 'GET', '/v1/search/users?q=abc')).status).toBe(401);
  });

  it('pages with next_cursor, and /ready reports the backend and the index lag', async () => {
    const me = await platform.user('pager');
    const room = await platform.room(me.token, 'public');
    const word = `page${uniqueId(4)}`;
    for (let i = 0; i < 5; i++) await send(me.token, room, `${word} number ${i}`);
    await eventually(async () => ((await hits(me.token, `/v1/search/messages?q=${word}`)).length === 5 ? true : undefined), 10_000, 'five indexed');
    const first = await search(me.token, `/v1/search/messages?q=${word}&limit=3`);
    expect(first.body.items).toHaveLength(3);
    const second = await search(me.token, `/v1/search/messages?q=${word}&limit=3&cursor=${first.body.next_cursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.next_cursor).toBeUndefined();
    expect(new Set([...first.body.items, ...second.body.items].map((m: { seq: number }) => m.seq))).toEqual(new Set([1, 2, 3, 4, 5]));

    const ready = await http(core, 'GET', '/ready');
    expect(ready.body).toMatchObject({ status: 'ready', search: { backend: 'postgres', indexing: true, lag: { messages: expect.any(Number), users: expect.any(Number), events: expect.any(Number) } } });
    expect(await (await fetch(`${core}/metrics`)).text()).toMatch(/realtime_search_index_lag\{index="messages",service="ws-consumer"\} \d+/);
  });

  it('npm run reindex puts back what the index lost, without doubling anything', async () => {
    const me = await platform.user('lost');
    await eventually(async () => ((await hits(me.token, `/v1/search/users?q=${me.username}`)).length === 1 ? true : undefined), 10_000, 'user indexed');
    await pool.query('DELETE FROM search_users WHERE user_id = $1', [me.id]);
    expect(await hits(me.token, `/v1/search/users?q=${me.username}`)).toEqual([]);
    const progress: number[] = [];
    const written = await reindex(loadConsumerConfig(platform.env()), ['users'], () => (done) => progress.push(done));
    expect(written.users).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeGreaterThan(0);
    expect(await hits(me.token, `/v1/search/users?q=${me.username}`)).toEqual([{ id: me.id, username: me.username }]);
    const { rows } = await pool.query('SELECT (SELECT count(*) FROM search_users)::int AS indexed, (SELECT count(*) FROM users)::int AS users');
    expect(rows[0].indexed).toBe(rows[0].users);
  });
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { http } from '../support/auth-harness';
import { eventually } from '../support/eventually';
import { TestPlatform } from '../support/platform-harness';
import { bearer, history } from '../messaging/support/messaging-helpers';

const ROOT = join(__dirname, '..', '..');
const SEEDED_PER_ROOM = 20;
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** What one `make seed` leaves behind: row counts, the events with their seats, and every room's seqs and counter. */
interface Snapshot {
  counts: Record<string, number>;
  events: { name: string; seats: number }[];
  rooms: { name: string; last_seq: number; seqs: number[] }[];
}

/**
 * `make seed` as its Makefile target runs it (dist/bin/seed.js, built by the run's global setup;
 * the schema is migrated already), against the platform's database, twice, then the platform
 * itself: the next message's seq, and the history read over HTTP by seeded users.
 */
describe('`make seed` demo data (real PostgreSQL, NATS; auth, a core and an edge started)', () => {
  const platform = new TestPlatform();
  let pool: Pool;
  const snapshots: Snapshot[] = [];

  async function seed(): Promise<void> {
    await promisify(execFile)(process.execPath, ['dist/bin/seed.js'], { cwd: ROOT, env: platform.env(), timeout: 30_000 });
  }

  async function snapshot(): Promise<Snapshot> {
    const { rows: counts } = await pool.query(`SELECT
      (SELECT count(*)::int FROM users) AS users,
      (SELECT count(*)::int FROM users WHERE role = 'admin' AND username = 'admin') AS admins,
      (SELECT count(*)::int FROM rooms) AS rooms,
      (SELECT count(*)::int FROM room_members) AS room_members,
      (SELECT count(*)::int FROM messages) AS messages,
      (SELECT count(*)::int FROM follows) AS follows,
      (SELECT count(*)::int FROM posts) AS posts,
      (SELECT count(*)::int FROM post_likes) AS likes,
      (SELECT coalesce(sum(likes_count), 0)::int FROM posts) AS likes_counted,
      (SELECT count(*)::int FROM events) AS events,
      (SELECT count(*)::int FROM seats) AS seats,
      (SELECT count(*)::int FROM ticketing_outbox WHERE payload->>'type' = 'event.created') AS events_announced,
      (SELECT count(*)::int FROM search_users) AS indexed_users,
      (SELECT count(*)::int FROM search_messages) AS indexed_messages,
      (SELECT count(*)::int FROM search_events) AS indexed_events`);
    const { rows: events } = await pool.query('SELECT e.name, count(s.id)::int AS seats FROM events e JOIN seats s ON s.event_id = e.id GROUP BY e.name ORDER BY e.name');
    const { rows: rooms } = await pool.query(
      `SELECT r.name, r.last_seq::int AS last_seq, coalesce(array_agg(m.seq::int ORDER BY m.seq) FILTER (WHERE m.seq IS NOT NULL), '{}') AS seqs
         FROM rooms r LEFT JOIN messages m ON m.room = r.name GROUP BY r.name, r.last_seq ORDER BY r.name`,
    );
    return { counts: counts[0], events, rooms };
  }

  async function login(username: string): Promise<string> {
    const res = await http(platform.auth.baseUrl, 'POST', '/v1/auth/login', { username, password: 'password123' });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
    return res.body.access_token;
  }

  beforeAll(async () => {
    await platform.start();
    pool = new Pool({ ...pgConnection(platform.databaseUrl), max: 2 });
    // Taken right after each run, before any test sends a message, so the tests can run in any order.
    for (let run = 0; run < 2; run++) {
      await seed();
      snapshots.push(await snapshot());
    }
  }, 90_000);

  afterAll(async () => {
    await pool?.end();
    await platform.stop();
  });

  it('makes the same rows on a fresh database and on a second run', () => {
    const [first, second] = snapshots;
    expect(first.counts).toEqual({
      users: 4,
      admins: 1,
      rooms: 2,
      room_members: 6,
      messages: 2 * SEEDED_PER_ROOM,
      follows: 5,
      posts: 5,
      likes: 6,
      likes_counted: 6,
      events: 1,
      seats: 100,
      events_announced: 1,
      indexed_users: 4,
      indexed_messages: 2 * SEEDED_PER_ROOM,
      indexed_events: 1,
    });
    expect(first.events).toEqual([{ name: 'Demo night at the Globe', seats: 100 }]);
    expect(second).toEqual(first);
  });

  it('numbers each room 1..N without gaps, with rooms.last_seq at N, after both runs', () => {
    const expected = ['general', 'team'].map((name) => ({ name, last_seq: SEEDED_PER_ROOM, seqs: oneTo(SEEDED_PER_ROOM) }));
    expect(snapshots.map((s) => s.rooms)).toEqual([expected, expected]);
  });

  it('a seeded message sent again through the edge is the same message and takes no seq; the next new one is stored as seq N+1', async () => {
    const alice = await login('alice');
    const send = (body: string, clientMsgId: string) =>
      http(platform.edges[0].baseUrl, 'POST', '/v1/rooms/general/messages', { body, client_msg_id: clientMsgId }, bearer(alice));
    // general's message 3 is alice's: the edge keys a send by sender and client_msg_id, as the seed did.
    const seeded = (await history(platform, alice, 'general', 'after_seq=2&limit=1')).body.items[0];
    const retry = await send('general demo message 3 from alice', 'demo-seed-general-3');
    expect({ status: retry.status, message_id: retry.body.message_id }).toEqual({ status: 201, message_id: seeded.message_id });
    const sent = await send('after the seed', 'after-seed-1');
    expect(sent.status).toBe(201);
    // The core stores in stream order: once the new message is stored, the retry has been handled.
    const page = await eventually(async () => {
      const res = await history(platform, alice, 'general', `after_seq=${SEEDED_PER_ROOM}`);
      return res.body.items.length > 0 ? res.body : undefined;
    }, 10_000, 'the message after the seed stored');
    expect(page.items.map((m: any) => ({ seq: m.seq, body: m.body, message_id: m.message_id }))).toEqual([
      { seq: SEEDED_PER_ROOM + 1, body: 'after the seed', message_id: sent.body.message_id },
    ]);
  });

  it('the seeded admin may read the ops reports; an ordinary seeded user may not', async () => {
    const report = async (username: string) => (await http(platform.edges[0].baseUrl, 'GET', '/v1/admin/connections', undefined, bearer(await login(username)))).status;
    expect(await report('admin')).toBe(200);
    expect(await report('alice')).toBe(403);
  });

  it("the private room's seeded history is readable over the core's HTTP API by a seeded member, not by a non-member", async () => {
    const bob = await login('bob');
    const page = await history(platform, bob, 'team', 'limit=50');
    expect(page.status).toBe(200);
    // Newest first; the team room's senders alternate between alice and bob.
    expect(page.body.items.map((m: any) => m.seq)).toEqual(oneTo(SEEDED_PER_ROOM).reverse());
    expect(page.body.items.at(-1)).toMatchObject({ room: 'team', seq: 1, body: 'team demo message 1 from bob' });
    expect(page.body.items[0]).toMatchObject({ seq: SEEDED_PER_ROOM, body: `team demo message ${SEEDED_PER_ROOM} from alice` });
    expect((await history(platform, await login('carol'), 'team')).status).toBe(403);
  });
});

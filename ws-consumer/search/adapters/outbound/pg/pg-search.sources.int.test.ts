import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { PgSearchSources } from './pg-search.sources';
import { PgRoomMembership } from './pg-room.membership';

describe('PgSearchSources and PgRoomMembership (real PostgreSQL, chat and auth tables)', () => {
  let infra: TestInfra;
  let sources: PgSearchSources;
  let users: string[];
  beforeAll(async () => {
    infra = await connectTestInfra();
    sources = new PgSearchSources(infra.pool);
    const { rows } = await infra.pool.query<{ id: string }>(
      `INSERT INTO users (username, email, phone, password_hash) SELECT 'user' || i, 'u' || i || '@example.com', CASE WHEN i = 1 THEN '+14155550191' END, 'x' FROM generate_series(1, 5) i RETURNING id::text AS id`,
    );
    users = rows.map((r) => r.id);
    await infra.pool.query(`INSERT INTO rooms (name, visibility) VALUES ('open', 'public'), ('closed', 'private'), ('dm:1:2', 'direct')`);
    await infra.pool.query(`INSERT INTO room_members (room, user_id) VALUES ('open', $1), ('closed', $1), ('dm:1:2', $1), ('closed', $2)`, [users[0], users[1]]);
    await infra.pool.query(
      `INSERT INTO messages (room, seq, message_id, sender_id, body, client_msg_id, dedup_key, created_at)
       SELECT CASE WHEN i % 2 = 0 THEN 'open' ELSE 'closed' END, (i + 1) / 2, gen_random_uuid(), $1::bigint, 'body ' || i, 'c' || i, $2 || ':c' || i, now() FROM generate_series(1, 5) i`,
      [users[0], users[0]],
    );
  });
  afterAll(() => infra.close());

  it('reads stored messages back by key, with their seq and the room visibility; unknown keys are absent', async () => {
    const found = await sources.byKeys([`${users[0]}:c1`, `${users[0]}:c2`, `${users[0]}:nope`]);
    expect(found.map((m) => [m.key, m.room, m.seq, m.visibility, m.body]).sort()).toEqual([
      [`${users[0]}:c1`, 'closed', 1, 'private', 'body 1'],
      [`${users[0]}:c2`, 'open', 1, 'public', 'body 2'],
    ]);
    expect(await sources.byKeys([])).toEqual([]);
  });

  it('reads every record in key order, a batch at a time', async () => {
    const first = await sources.messages(undefined, 3);
    const rest = await sources.messages(first.next, 3);
    expect(first.documents).toHaveLength(3);
    expect(rest.next).toBeUndefined();
    expect([...first.documents, ...rest.documents].map((m) => `${m.room}#${m.seq}`)).toEqual(['closed#1', 'closed#2', 'closed#3', 'open#1', 'open#2']);
    expect(first.documents[0]).not.toHaveProperty('key');
    const people = await sources.users(undefined, 10);
    expect(people.documents.map((u) => u.username)).toEqual(['user1', 'user2', 'user3', 'user4', 'user5']);
    expect(people.documents[0]).toEqual({ userId: users[0], username: 'user1', email: 'u1@example.com', phone: '+14155550191' });
    expect((await sources.events(undefined, 10)).documents).toEqual([]);
  });

  it('names the private and direct rooms of a member, not the open ones', async () => {
    const membership = new PgRoomMembership(infra.pool);
    expect((await membership.closedRoomsOf(users[0])).sort()).toEqual(['closed', 'dm:1:2']);
    expect(await membership.closedRoomsOf(users[1])).toEqual(['closed']);
    expect(await membership.closedRoomsOf(users[4])).toEqual([]);
  });
});

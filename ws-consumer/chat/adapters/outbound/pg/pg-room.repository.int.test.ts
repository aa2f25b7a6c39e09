import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { uniqueId } from '../../../../../test/support/test-run';
import { describeRoomRepositoryContract } from '../../../application/ports/room-repository.contract';
import { PgRoomRepository } from './pg-room.repository';

let infra: TestInfra;
beforeAll(async () => {
  infra = await connectTestInfra();
});
afterAll(async () => {
  await infra.close();
});

/** A real users row (rooms and members reference users), with names no other test uses. */
async function newUser(): Promise<string> {
  const username = `room_${uniqueId(5)}`;
  const { rows } = await infra.pool.query<{ id: string }>(
    'INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3) RETURNING id::text AS id',
    [username, `${username}@example.com`, 'x'],
  );
  return rows[0].id;
}

/** An id the users sequence handed out and no row will ever have (sequences never give one twice). */
async function unknownUserId(): Promise<string> {
  const { rows } = await infra.pool.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('users', 'id'))::text AS id`);
  return rows[0].id;
}

describeRoomRepositoryContract('PgRoomRepository (real PostgreSQL)', async () => ({
  repo: new PgRoomRepository(infra.pool),
  newUser,
  unknownUserId: await unknownUserId(),
}));

describe('PgRoomRepository member order', () => {
  it('lists members by numeric id across a change of digit count (9 before 10, not after)', async () => {
    // Ids chosen across a digit boundary, far above what the users sequence hands out.
    const base = 10 ** (12 + Math.floor(Math.random() * 4)); // at most 10^15: exact as a JS number
    const ids = [base - 1, base, base + 1].map(String);
    for (const id of ids) {
      const username = `order_${uniqueId(5)}`;
      await infra.pool.query('INSERT INTO users (id, username, email, password_hash) OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4)', [id, username, `${username}@example.com`, 'x']);
    }
    const repo = new PgRoomRepository(infra.pool);
    const name = `order-${uniqueId(6)}`;
    await repo.create({ name, visibility: 'private', createdBy: ids[1] }, [ids[2], ids[1], ids[0]]);
    expect(await repo.listMembers(name)).toEqual(ids);
  });
});

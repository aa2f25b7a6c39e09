import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { uniqueId } from '../../../../test/support/test-run';
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

// The run's database is shared by every test file: the contract makes every room name unique.
describeRoomRepositoryContract('PgRoomRepository (real PostgreSQL)', async () => ({
  repo: new PgRoomRepository(infra.pool),
  newUser,
  unknownUserId: '999999999999',
}));

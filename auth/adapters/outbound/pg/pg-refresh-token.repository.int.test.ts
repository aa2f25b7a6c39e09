import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { uniqueId } from '../../../../test/support/test-run';
import { describeRefreshTokenRepositoryContract } from '../../../application/ports/refresh-tokens.contract';
import { PgRefreshTokenRepository } from './pg-refresh-token.repository';
import { PgUserRepository } from './pg-user.repository';

let infra: TestInfra;
let userId: string;
beforeAll(async () => {
  infra = await connectTestInfra();
  const username = `rt_${uniqueId(5)}`;
  // refresh_tokens.user_id references users: the records need a real owner.
  const user = await new PgUserRepository(infra.pool).create({ username, email: `${username}@example.com`, phone: null, passwordHash: 'x' });
  userId = user.id;
});
afterAll(async () => {
  await infra.close();
});

describeRefreshTokenRepositoryContract('PgRefreshTokenRepository (real PostgreSQL)', async () => ({
  repo: new PgRefreshTokenRepository(infra.pool),
  userId,
}));

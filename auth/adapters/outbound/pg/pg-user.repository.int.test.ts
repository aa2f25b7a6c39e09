import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { describeUserRepositoryContract } from '../../../application/ports/user-repository.contract';
import { PgUserRepository } from './pg-user.repository';

let infra: TestInfra;
beforeAll(async () => {
  infra = await connectTestInfra();
});
afterAll(async () => {
  await infra.close();
});

// The run's database is shared by every test file: the contract makes every username unique.
describeUserRepositoryContract('PgUserRepository (real PostgreSQL)', async () => ({ repo: new PgUserRepository(infra.pool) }));

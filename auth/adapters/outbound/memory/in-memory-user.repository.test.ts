import { describeUserRepositoryContract } from '../../../application/ports/user-repository.contract';
import { InMemoryUserRepository } from './in-memory-user.repository';

// The very suite PgUserRepository passes (pg-user.repository.int.test.ts).
describeUserRepositoryContract('InMemoryUserRepository', async () => ({ repo: new InMemoryUserRepository() }));

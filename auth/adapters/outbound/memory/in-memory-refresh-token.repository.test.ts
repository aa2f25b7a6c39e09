import { describeRefreshTokenRepositoryContract } from '../../../application/ports/refresh-token-repository.contract';
import { InMemoryRefreshTokenRepository } from './in-memory-refresh-token.repository';

// The very suite PgRefreshTokenRepository passes (pg-refresh-token.repository.int.test.ts).
describeRefreshTokenRepositoryContract('InMemoryRefreshTokenRepository', async () => ({
  repo: new InMemoryRefreshTokenRepository(),
  userId: '1',
}));

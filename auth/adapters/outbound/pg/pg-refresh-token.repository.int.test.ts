import { randomUUID } from 'node:crypto';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { uniqueId } from '../../../../test/support/test-run';
import { describeRefreshTokenRepositoryContract } from '../../../application/ports/refresh-token-repository.contract';
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

describe('PgRefreshTokenRepository: logout racing a refresh', () => {
  it('revokes the token a concurrent rotation inserts while the logout waits for its row lock', async () => {
    const repo = new PgRefreshTokenRepository(infra.pool);
    const session = randomUUID();
    const old = `old-${uniqueId(6)}`;
    const fresh = `new-${uniqueId(6)}`;
    await repo.create({ userId, sessionId: session, tokenHash: old, expiresAt: new Date(Date.now() + 60_000) });

    // A rotation in flight: it holds the old token's row lock while the logout starts.
    const rotation = await infra.pool.connect();
    await rotation.query('BEGIN');
    await rotation.query('SELECT 1 FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE', [old]);
    const logout = repo.revokeSession(session);
    await new Promise((r) => setTimeout(r, 200));
    await rotation.query('UPDATE refresh_tokens SET rotated_at = now() WHERE token_hash = $1', [old]);
    await rotation.query("INSERT INTO refresh_tokens (token_hash, user_id, session_id, expires_at) VALUES ($1, $2, $3, now() + interval '1 minute')", [fresh, userId, session]);
    await rotation.query('COMMIT');
    rotation.release();

    await logout;
    expect(await repo.findSession(fresh)).toBeNull();
    expect(await repo.rotate(fresh, () => ({ userId, sessionId: session, tokenHash: `x-${uniqueId(6)}`, expiresAt: new Date(Date.now() + 60_000) }))).toEqual({ kind: 'unknown' });
  });
});

import { AuthError } from '../../../domain/auth.errors';
import { createInMemoryAuthContainer, type InMemoryAuth } from '../../../adapters/outbound/memory/in-memory-auth.container';
import { GetCurrentUserUseCase } from './get-current-user.use-case';

describe('GetCurrentUserUseCase', () => {
  let auth: InMemoryAuth;
  let currentUser: GetCurrentUserUseCase;

  beforeEach(() => {
    auth = createInMemoryAuthContainer();
    currentUser = auth.container.resolve(GetCurrentUserUseCase);
  });

  it('answers the user’s public profile, without the password hash', async () => {
    const stored = await auth.users.create({ username: 'alice', email: 'alice@example.com', phone: null, passwordHash: 'plain$secret-password' });
    const profile = await currentUser.run(stored.id);
    expect(profile).toEqual({ id: stored.id, username: 'alice', email: 'alice@example.com', phone: null, created_at: stored.createdAt.toISOString() });
    expect(JSON.stringify(profile)).not.toContain('secret-password');
  });

  it('answers the right user among several', async () => {
    await auth.users.create({ username: 'alice', email: 'alice@example.com', phone: null, passwordHash: 'h' });
    const bob = await auth.users.create({ username: 'bob', email: 'bob@example.com', phone: '+15550100', passwordHash: 'h' });
    expect(await currentUser.run(bob.id)).toMatchObject({ id: bob.id, username: 'bob', phone: '+15550100' });
  });

  it('refuses a user that no longer exists with AUTH.USER_NOT_FOUND', async () => {
    const attempt = currentUser.run('404');
    await expect(attempt).rejects.toBeInstanceOf(AuthError);
    await expect(attempt).rejects.toMatchObject({ code: 'AUTH.USER_NOT_FOUND' });
  });
});

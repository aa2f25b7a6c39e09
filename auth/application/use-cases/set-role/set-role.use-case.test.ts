import { createInMemoryAuthContainer, type InMemoryAuth } from '../../../adapters/outbound/memory/in-memory-auth.container';
import { LoginUseCase } from '../login/login.use-case';
import { ValidateTokenUseCase } from '../validate-token/validate-token.use-case';
import { SetRoleUseCase } from './set-role.use-case';

describe('SetRoleUseCase', () => {
  let auth: InMemoryAuth;
  let setRole: SetRoleUseCase;

  beforeEach(async () => {
    auth = createInMemoryAuthContainer();
    setRole = auth.container.resolve(SetRoleUseCase);
    await auth.users.create({ username: 'alice', email: 'alice@example.com', phone: null, passwordHash: await auth.hasher.hash('password123') });
  });

  const roleInNewToken = async () => {
    const { access_token } = await auth.container.resolve(LoginUseCase).run({ username: 'alice', password: 'password123' }, '127.0.0.1');
    return (await auth.container.resolve(ValidateTokenUseCase).require(access_token)).role;
  };

  it('makes a user an admin and back, by username whatever its case; the next token carries the role', async () => {
    expect(await roleInNewToken()).toBe('user');
    expect(await setRole.run('ALICE', 'admin')).toEqual({ username: 'alice', role: 'admin' });
    expect(await roleInNewToken()).toBe('admin');
    expect(await setRole.run('alice', 'user')).toEqual({ username: 'alice', role: 'user' });
    expect(await roleInNewToken()).toBe('user');
  });

  it('refuses an unknown user with AUTH.USER_NOT_FOUND', async () => {
    await expect(setRole.run('mallory', 'admin')).rejects.toMatchObject({ code: 'AUTH.USER_NOT_FOUND', message: 'no user named "mallory"' });
  });

  it('refuses an unknown role with AUTH.UNKNOWN_ROLE and changes nothing', async () => {
    await expect(setRole.run('alice', 'root')).rejects.toMatchObject({ code: 'AUTH.UNKNOWN_ROLE', message: 'unknown role "root": expected user or admin' });
    expect((await auth.users.findByLogin({ username: 'alice' }))?.role).toBe('user');
  });
});

import { AuthError } from '../../../domain/auth.errors';
import { createInMemoryAuthContainer, type InMemoryAuth } from '../../../adapters/outbound/memory/in-memory-auth.container';
import { RegisterUseCase } from './register.use-case';

describe('RegisterUseCase', () => {
  let auth: InMemoryAuth;
  let register: RegisterUseCase;

  beforeEach(() => {
    auth = createInMemoryAuthContainer();
    register = auth.container.resolve(RegisterUseCase);
  });

  it('creates the account and answers its public profile', async () => {
    const user = await register.run({ username: 'alice', email: 'alice@example.com', phone: '+84901919540', password: 'correct horse battery' });
    expect(user).toEqual({ id: expect.any(String), username: 'alice', email: 'alice@example.com', phone: '+84901919540', created_at: expect.any(String) });
    expect(new Date(user.created_at).toISOString()).toBe(user.created_at);
    expect(await auth.users.findById(user.id)).toMatchObject({ username: 'alice' });
  });

  it('announces the stored account (for search), and nothing when the registration is refused', async () => {
    const user = await register.run({ username: 'alice', email: 'alice@example.com', phone: '+84901919540', password: 'correct horse battery' });
    expect(auth.userEvents.registeredUsers).toEqual([expect.objectContaining({ id: user.id, username: 'alice', phone: '+84901919540' })]);
    await expect(register.run({ username: 'alice', email: 'other@example.com', password: 'correct horse battery' })).rejects.toBeInstanceOf(AuthError);
    expect(auth.userEvents.registeredUsers).toHaveLength(1);
  });

  it('stores the hasher’s hash of the password, never the password itself', async () => {
    const user = await register.run({ username: 'alice', email: 'alice@example.com', password: 'correct horse battery' });
    const stored = await auth.users.findById(user.id);
    expect(stored?.passwordHash).toBe(await auth.hasher.hash('correct horse battery'));
    expect(stored?.passwordHash).not.toBe('correct horse battery');
    expect(await auth.hasher.verify('correct horse battery', stored?.passwordHash ?? '')).toBe(true);
  });

  it('never answers the hash', async () => {
    const user = await register.run({ username: 'alice', email: 'alice@example.com', password: 'correct horse battery' });
    expect(Object.keys(user).sort()).toEqual(['created_at', 'email', 'id', 'phone', 'username']);
    expect(JSON.stringify(user)).not.toContain('correct horse battery');
    expect(JSON.stringify(user)).not.toContain('plain$');
  });

  it('lowercases the email and keeps the username as typed', async () => {
    const user = await register.run({ username: 'Alice', email: 'Alice@Example.COM', password: 'correct horse battery' });
    expect(user.email).toBe('alice@example.com');
    expect(user.username).toBe('Alice');
    expect((await auth.users.findById(user.id))?.email).toBe('alice@example.com');
  });

  it('stores a missing phone as null', async () => {
    const user = await register.run({ username: 'alice', email: 'alice@example.com', password: 'correct horse battery' });
    expect(user.phone).toBeNull();
  });

  it('refuses a taken username with AUTH.USERNAME_TAKEN', async () => {
    await register.run({ username: 'alice', email: 'alice@example.com', password: 'correct horse battery' });
    const attempt = register.run({ username: 'ALICE', email: 'other@example.com', password: 'correct horse battery' });
    await expect(attempt).rejects.toBeInstanceOf(AuthError);
    await expect(attempt).rejects.toMatchObject({ code: 'AUTH.USERNAME_TAKEN' });
  });

  it('refuses a taken email, whatever its case, with AUTH.EMAIL_TAKEN', async () => {
    await register.run({ username: 'alice', email: 'alice@example.com', password: 'correct horse battery' });
    await expect(register.run({ username: 'bob', email: 'ALICE@example.com', password: 'correct horse battery' })).rejects.toMatchObject({
      code: 'AUTH.EMAIL_TAKEN',
    });
  });

  it('refuses a taken phone with AUTH.PHONE_TAKEN', async () => {
    await register.run({ username: 'alice', email: 'alice@example.com', phone: '+84901919540', password: 'correct horse battery' });
    await expect(register.run({ username: 'bob', email: 'bob@example.com', phone: '+84901919540', password: 'correct horse battery' })).rejects.toMatchObject({
      code: 'AUTH.PHONE_TAKEN',
    });
  });
});

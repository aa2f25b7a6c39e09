import { randomInt } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { uniqueId } from '../../../test/support/test-run';
import { AuthError, type AuthErrorCode } from '../../domain/auth.errors';
import type { NewUser } from '../../domain/user.entity';
import type { UserRepositoryPort } from './user-repository.port';

// Jest globals are imported rather than ambient so this file also type-checks outside the test
// tsconfig; it is test code run by *.test.ts files beside each adapter.

export interface UserRepositoryFixture {
  repo: UserRepositoryPort;
  cleanup?: () => Promise<void>;
}

/** A user no other test (or test file sharing the database) can collide with. */
function aUser(overrides: Partial<NewUser> = {}): NewUser {
  const username = `u_${uniqueId(5)}`;
  return { username, email: `${username}@example.com`, phone: null, passwordHash: `hash-of-${username}`, ...overrides };
}

function aPhone(): string {
  return `+8490${randomInt(10_000_000, 99_999_999)}`;
}

async function authErrorOf(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AuthError)) throw new Error(`expected an AuthError, got ${String(error)}`);
  return error;
}

async function expectAuthError(promise: Promise<unknown>, code: AuthErrorCode): Promise<void> {
  expect((await authErrorOf(promise)).code).toBe(code);
}

/** The behaviour every UserRepositoryPort adapter must share. */
export function describeUserRepositoryContract(name: string, make: () => Promise<UserRepositoryFixture>): void {
  describe(`UserRepositoryPort contract: ${name}`, () => {
    let fixture: UserRepositoryFixture;
    let repo: UserRepositoryPort;

    beforeEach(async () => {
      fixture = await make();
      repo = fixture.repo;
    });
    afterEach(async () => {
      await fixture.cleanup?.();
    });

    it('creates a user with a decimal id and a creation time, keeping every field', async () => {
      const input = aUser({ phone: aPhone() });
      const before = Date.now();
      const user = await repo.create(input);
      expect(user).toMatchObject({ username: input.username, email: input.email, phone: input.phone, passwordHash: input.passwordHash });
      expect(user.id).toMatch(/^[1-9]\d*$/);
      expect(user.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(user.createdAt.getTime() - before)).toBeLessThan(60_000);
    });

    it('makes every new user a user, and changes the role by username, whatever its case', async () => {
      const created = await repo.create(aUser({ username: `Role_${uniqueId(4)}` }));
      expect(created.role).toBe('user');
      expect(await repo.setRole(created.username.toUpperCase(), 'admin')).toEqual({ ...created, role: 'admin' });
      expect((await repo.findById(created.id))?.role).toBe('admin');
      expect((await repo.setRole(created.username, 'user'))?.role).toBe('user');
    });

    it('answers null when the user whose role is set does not exist', async () => {
      expect(await repo.setRole(`nobody_${uniqueId(5)}`, 'admin')).toBeNull();
    });

    it('gives different users different ids', async () => {
      const a = await repo.create(aUser());
      const b = await repo.create(aUser());
      expect(a.id).not.toBe(b.id);
    });

    it('finds by username case-insensitively', async () => {
      const created = await repo.create(aUser({ username: `Mixed_${uniqueId(4)}` }));
      expect(await repo.findByLogin({ username: created.username.toUpperCase() })).toEqual(created);
      expect(await repo.findByLogin({ username: created.username.toLowerCase() })).toEqual(created);
    });

    it('finds by email case-insensitively', async () => {
      const created = await repo.create(aUser());
      expect(await repo.findByLogin({ email: created.email.toUpperCase() })).toEqual(created);
    });

    it('does not match a username lookup against emails, nor an email lookup against usernames', async () => {
      const created = await repo.create(aUser());
      expect(await repo.findByLogin({ username: created.email })).toBeNull();
      expect(await repo.findByLogin({ email: created.username })).toBeNull();
    });

    it('answers null for an unknown login', async () => {
      expect(await repo.findByLogin({ username: `nobody_${uniqueId(5)}` })).toBeNull();
      expect(await repo.findByLogin({ email: `nobody_${uniqueId(5)}@example.com` })).toBeNull();
    });

    it('finds by id, and answers null for unknown or non-numeric ids', async () => {
      const created = await repo.create(aUser());
      expect(await repo.findById(created.id)).toEqual(created);
      expect(await repo.findById('999999999999')).toBeNull();
      expect(await repo.findById('not-an-id')).toBeNull();
    });

    it('refuses a taken username, whatever its case, with AUTH.USERNAME_TAKEN', async () => {
      const first = await repo.create(aUser());
      const error = await authErrorOf(repo.create(aUser({ username: first.username.toUpperCase() })));
      expect(error.code).toBe('AUTH.USERNAME_TAKEN');
      expect(error.details).toEqual({ field: 'username' });
    });

    it('refuses a taken email, whatever its case, with AUTH.EMAIL_TAKEN', async () => {
      const first = await repo.create(aUser());
      const error = await authErrorOf(repo.create(aUser({ email: first.email.toUpperCase() })));
      expect(error.code).toBe('AUTH.EMAIL_TAKEN');
      expect(error.details).toEqual({ field: 'email' });
    });

    it('refuses a taken phone with AUTH.PHONE_TAKEN, while many users may have no phone', async () => {
      const phone = aPhone();
      await repo.create(aUser({ phone }));
      await expectAuthError(repo.create(aUser({ phone })), 'AUTH.PHONE_TAKEN');
      await repo.create(aUser({ phone: null }));
      await expect(repo.create(aUser({ phone: null }))).resolves.toMatchObject({ phone: null });
    });

    it('stores nothing when a create is refused', async () => {
      const first = await repo.create(aUser());
      const refused = aUser({ username: first.username.toUpperCase() });
      await expectAuthError(repo.create(refused), 'AUTH.USERNAME_TAKEN');
      expect(await repo.findByLogin({ email: refused.email })).toBeNull();
    });

    it('lets exactly one of 20 concurrent creates of one username win', async () => {
      const username = `race_${uniqueId(5)}`;
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => repo.create(aUser({ username, email: `${username}.${i}@example.com` }))),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const { reason } of lost) {
        expect(reason).toBeInstanceOf(AuthError);
        expect((reason as AuthError).code).toBe('AUTH.USERNAME_TAKEN');
      }
      const stored = await repo.findByLogin({ username });
      expect(stored?.id).toBe((won[0] as PromiseFulfilledResult<{ id: string }>).value.id);
    });
  });
}

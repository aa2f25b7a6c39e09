import { AuthError } from '../../../domain/auth.errors';
import { createInMemoryAuthContainer, type InMemoryAuth } from '../../../adapters/outbound/memory/in-memory-auth.container';
import { hashRefreshToken } from '../../refresh-token';
import { RegisterUseCase } from '../register/register.use-case';
import { LoginUseCase } from './login.use-case';
import { rejectionOf } from '../../../../test/support/rejection';

const IP = '203.0.113.7';
const PASSWORD = 'correct horse battery';

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise, AuthError);

describe('LoginUseCase', () => {
  let auth: InMemoryAuth;
  let login: LoginUseCase;
  let alice: { id: string };

  function setUp(limits?: { perAccount: number; perIp: number; windowMs: number }) {
    auth = createInMemoryAuthContainer({ limits });
    login = auth.container.resolve(LoginUseCase);
  }

  beforeEach(async () => {
    setUp();
    alice = await auth.container.resolve(RegisterUseCase).run({ username: 'Alice', email: 'alice@example.com', password: PASSWORD });
  });

  it('answers a token pair for the right password', async () => {
    const pair = await login.run({ username: 'Alice', password: PASSWORD }, IP);
    expect(pair).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: 900, token_type: 'Bearer' });
    expect(auth.signer.verify(pair.access_token)).toMatchObject({ userId: alice.id, username: 'Alice' });
  });

  it('starts a new session whose refresh token is stored by hash only', async () => {
    const pair = await login.run({ username: 'Alice', password: PASSWORD }, IP);
    const claims = auth.signer.verify(pair.access_token);
    expect(await auth.refreshTokens.findSession(hashRefreshToken(pair.refresh_token))).toEqual({ userId: alice.id, sessionId: claims.sessionId });
    expect(await auth.refreshTokens.findSession(pair.refresh_token)).toBeNull();
  });

  it('starts a distinct session at every login', async () => {
    const a = auth.signer.verify((await login.run({ username: 'Alice', password: PASSWORD }, IP)).access_token);
    const b = auth.signer.verify((await login.run({ username: 'Alice', password: PASSWORD }, IP)).access_token);
    expect(a.sessionId).not.toBe(b.sessionId);
  });

  it('finds the account by username or email, case-insensitively', async () => {
    await expect(login.run({ username: 'alice', password: PASSWORD }, IP)).resolves.toMatchObject({ token_type: 'Bearer' });
    await expect(login.run({ email: 'ALICE@example.com', password: PASSWORD }, IP)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses a wrong password and an unknown user with the same code and message', async () => {
    const wrongPassword = await failureOf(login.run({ username: 'Alice', password: 'wrong password' }, IP));
    const unknownUser = await failureOf(login.run({ username: 'mallory', password: PASSWORD }, IP));
    const unknownEmail = await failureOf(login.run({ email: 'mallory@example.com', password: PASSWORD }, IP));
    expect(wrongPassword.code).toBe('AUTH.INVALID_CREDENTIALS');
    for (const other of [unknownUser, unknownEmail]) {
      expect(other.code).toBe(wrongPassword.code);
      expect(other.message).toBe(wrongPassword.message);
      expect(other.details).toEqual(wrongPassword.details);
    }
  });

  it('checks a password even for an unknown user, so timing does not reveal which accounts exist', async () => {
    const verify = jest.spyOn(auth.hasher, 'verify');
    await failureOf(login.run({ username: 'mallory', password: PASSWORD }, IP));
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('stores no session when the credentials are refused', async () => {
    const create = jest.spyOn(auth.refreshTokens, 'create');
    await failureOf(login.run({ username: 'Alice', password: 'wrong password' }, IP));
    expect(create).not.toHaveBeenCalled();
  });

  describe('rate limiting', () => {
    beforeEach(async () => {
      setUp({ perAccount: 2, perIp: 100, windowMs: 60_000 });
      await auth.container.resolve(RegisterUseCase).run({ username: 'Alice', email: 'alice@example.com', password: PASSWORD });
    });

    it('refuses past the limit with AUTH.RATE_LIMITED and a retry delay, even with the right password', async () => {
      await failureOf(login.run({ username: 'Alice', password: 'guess 1' }, IP));
      await failureOf(login.run({ username: 'Alice', password: 'guess 2' }, IP));
      const limited = await failureOf(login.run({ username: 'Alice', password: PASSWORD }, IP));
      expect(limited.code).toBe('AUTH.RATE_LIMITED');
      expect(limited.details?.retry_after_ms).toBe(60_000);
    });

    it('reports the time left in the window', async () => {
      await login.run({ username: 'Alice', password: PASSWORD }, IP);
      auth.clock.advance(15_000);
      await login.run({ username: 'Alice', password: PASSWORD }, IP);
      auth.clock.advance(5_000);
      expect((await failureOf(login.run({ username: 'Alice', password: PASSWORD }, IP))).details).toEqual({ retry_after_ms: 40_000 });
    });

    it('counts an account however its name is cased', async () => {
      await login.run({ username: 'Alice', password: PASSWORD }, IP);
      await login.run({ username: 'ALICE', password: PASSWORD }, IP);
      expect((await failureOf(login.run({ username: 'alice', password: PASSWORD }, IP))).code).toBe('AUTH.RATE_LIMITED');
    });

    it('lets the account in again once the window has passed', async () => {
      await failureOf(login.run({ username: 'Alice', password: 'guess 1' }, IP));
      await failureOf(login.run({ username: 'Alice', password: 'guess 2' }, IP));
      auth.clock.advance(60_000);
      await expect(login.run({ username: 'Alice', password: PASSWORD }, IP)).resolves.toMatchObject({ token_type: 'Bearer' });
    });
  });
});

import { AuthError } from '../../../domain/auth.errors';
import { createInMemoryAuthContainer, type InMemoryAuth } from '../../../adapters/outbound/memory/in-memory-auth.container';
import type { TokenPair } from '../../refresh-token';
import { LoginUseCase } from '../login/login.use-case';
import { RegisterUseCase } from '../register/register.use-case';
import { ValidateTokenUseCase } from '../validate-token/validate-token.use-case';
import { RefreshUseCase } from './refresh.use-case';
import { rejectionOf } from '../../../../test/support/rejection';

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise, AuthError);

describe('RefreshUseCase', () => {
  let auth: InMemoryAuth;
  let refresh: RefreshUseCase;
  let validate: ValidateTokenUseCase;
  let userId: string;
  let first: TokenPair;

  beforeEach(async () => {
    auth = createInMemoryAuthContainer();
    refresh = auth.container.resolve(RefreshUseCase);
    validate = auth.container.resolve(ValidateTokenUseCase);
    userId = (await auth.container.resolve(RegisterUseCase).run({ username: 'alice', email: 'alice@example.com', password: 'correct horse battery' })).id;
    first = await auth.container.resolve(LoginUseCase).run({ username: 'alice', password: 'correct horse battery' }, '127.0.0.1');
  });

  describe('rotation', () => {
    it('answers a new pair, distinct from the old one, in the same session', async () => {
      auth.clock.advance(60_000);
      const second = await refresh.run(first.refresh_token);
      expect(second).toMatchObject({ expires_in: 900, token_type: 'Bearer' });
      expect(second.access_token).not.toBe(first.access_token);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      const before = auth.signer.verify(first.access_token);
      const after = auth.signer.verify(second.access_token);
      expect(after).toMatchObject({ userId, username: 'alice', sessionId: before.sessionId });
      expect(after.tokenId).not.toBe(before.tokenId);
      expect(after.issuedAt).toBe(before.issuedAt + 60);
    });

    it('lets the new refresh token be rotated in turn', async () => {
      const second = await refresh.run(first.refresh_token);
      const third = await refresh.run(second.refresh_token);
      expect(third.refresh_token).not.toBe(second.refresh_token);
      expect((await validate.run(third.access_token)).valid).toBe(true);
    });

    it('publishes nothing on an ordinary rotation', async () => {
      await refresh.run(first.refresh_token);
      expect(auth.publisher.events).toEqual([]);
    });
  });

  describe('reuse of a rotated token', () => {
    let second: TokenPair;
    let sessionId: string;
    let reuse: AuthError;

    beforeEach(async () => {
      sessionId = auth.signer.verify(first.access_token).sessionId;
      second = await refresh.run(first.refresh_token);
      reuse = await failureOf(refresh.run(first.refresh_token));
    });

    it('is refused with AUTH.REFRESH_TOKEN_REUSED', () => {
      expect(reuse.code).toBe('AUTH.REFRESH_TOKEN_REUSED');
    });

    it('kills the token that replaced it too', async () => {
      expect((await failureOf(refresh.run(second.refresh_token))).code).toBe('AUTH.INVALID_REFRESH_TOKEN');
    });

    it('revokes the whole session in the revocation list', async () => {
      expect(await auth.revocationList.isRevoked('any-token-id', sessionId)).toBe(true);
      expect(await validate.run(first.access_token)).toEqual({ valid: false, reason: 'revoked' });
      expect(await validate.run(second.access_token)).toEqual({ valid: false, reason: 'revoked' });
    });

    it('publishes a refresh_reuse revocation for the session', () => {
      expect(auth.publisher.events).toEqual([{ user_id: userId, session_id: sessionId, reason: 'refresh_reuse', revoked_at: auth.clock.now().toISOString() }]);
    });

    it('leaves the user’s other sessions alone', async () => {
      const other = await auth.container.resolve(LoginUseCase).run({ username: 'alice', password: 'correct horse battery' }, '127.0.0.1');
      expect((await validate.run(other.access_token)).valid).toBe(true);
      await expect(refresh.run(other.refresh_token)).resolves.toMatchObject({ token_type: 'Bearer' });
    });
  });

  describe('invalid tokens', () => {
    it('refuses an unknown token with AUTH.INVALID_REFRESH_TOKEN and revokes nothing', async () => {
      expect((await failureOf(refresh.run('made-up-token'))).code).toBe('AUTH.INVALID_REFRESH_TOKEN');
      expect(auth.publisher.events).toEqual([]);
    });

    it('refuses an expired token with AUTH.INVALID_REFRESH_TOKEN', async () => {
      auth.clock.advance(auth.settings.refreshTokenTtlMs + 1);
      expect((await failureOf(refresh.run(first.refresh_token))).code).toBe('AUTH.INVALID_REFRESH_TOKEN');
    });

    it('accepts a token just before it expires', async () => {
      auth.clock.advance(auth.settings.refreshTokenTtlMs - 1000);
      await expect(refresh.run(first.refresh_token)).resolves.toMatchObject({ token_type: 'Bearer' });
    });

    it('does not accept the access token as a refresh token', async () => {
      expect((await failureOf(refresh.run(first.access_token))).code).toBe('AUTH.INVALID_REFRESH_TOKEN');
    });
  });
});

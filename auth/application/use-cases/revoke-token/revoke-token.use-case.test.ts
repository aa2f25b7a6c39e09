import { createInMemoryAuthContainer, type InMemoryAuth } from '../../../adapters/outbound/memory/in-memory-auth.container';
import type { TokenPair } from '../../refresh-token';
import { LoginUseCase } from '../login/login.use-case';
import { RefreshUseCase } from '../refresh/refresh.use-case';
import { RegisterUseCase } from '../register/register.use-case';
import { ValidateTokenUseCase } from '../validate-token/validate-token.use-case';
import { RevokeTokenUseCase } from './revoke-token.use-case';

describe('RevokeTokenUseCase', () => {
  let auth: InMemoryAuth;
  let revoke: RevokeTokenUseCase;
  let validate: ValidateTokenUseCase;
  let refresh: RefreshUseCase;
  let userId: string;

  async function signIn(): Promise<TokenPair> {
    return auth.container.resolve(LoginUseCase).run({ username: 'alice', password: 'correct horse battery' }, '127.0.0.1');
  }

  beforeEach(async () => {
    auth = createInMemoryAuthContainer();
    revoke = auth.container.resolve(RevokeTokenUseCase);
    validate = auth.container.resolve(ValidateTokenUseCase);
    refresh = auth.container.resolve(RefreshUseCase);
    userId = (await auth.container.resolve(RegisterUseCase).run({ username: 'alice', email: 'alice@example.com', password: 'correct horse battery' })).id;
  });

  describe('an access token', () => {
    it('revokes that token only: the session’s other tokens and its refresh token live on', async () => {
      const first = await signIn();
      const second = await refresh.run(first.refresh_token); // a second access token in the same session

      expect(await revoke.run(first.access_token)).toBe(true);

      expect(await validate.run(first.access_token)).toEqual({ valid: false, reason: 'revoked' });
      expect(await validate.run(second.access_token)).toMatchObject({ valid: true });
      await expect(refresh.run(second.refresh_token)).resolves.toMatchObject({ token_type: 'Bearer' });
    });

    it('publishes a revocation naming the token, not the session', async () => {
      const pair = await signIn();
      const claims = auth.signer.verify(pair.access_token);
      await revoke.run(pair.access_token);
      expect(auth.publisher.events).toEqual([{ user_id: userId, token_id: claims.tokenId, reason: 'revoked', revoked_at: auth.clock.now().toISOString() }]);
    });

    it('keeps the revocation only until the token would have expired anyway', async () => {
      const pair = await signIn();
      const claims = auth.signer.verify(pair.access_token);
      await revoke.run(pair.access_token);
      expect(await auth.revocationList.isRevoked(claims.tokenId, 'another-session')).toBe(true);
      auth.clock.advance(auth.settings.accessTokenTtlSeconds * 1000);
      expect(await auth.revocationList.isRevoked(claims.tokenId, 'another-session')).toBe(false);
    });

    it('answers false for an expired access token', async () => {
      const pair = await signIn();
      auth.clock.advance((auth.settings.accessTokenTtlSeconds + 10) * 1000);
      expect(await revoke.run(pair.access_token)).toBe(false);
      expect(auth.publisher.events).toEqual([]);
    });
  });

  describe('a refresh token', () => {
    it('revokes the whole session: its access tokens and its refresh token', async () => {
      const pair = await signIn();
      const sessionId = auth.signer.verify(pair.access_token).sessionId;

      expect(await revoke.run(pair.refresh_token)).toBe(true);

      expect(await validate.run(pair.access_token)).toEqual({ valid: false, reason: 'revoked' });
      await expect(refresh.run(pair.refresh_token)).rejects.toMatchObject({ code: 'AUTH.INVALID_REFRESH_TOKEN' });
      expect(auth.publisher.events).toEqual([{ user_id: userId, session_id: sessionId, reason: 'revoked', revoked_at: auth.clock.now().toISOString() }]);
    });

    it('leaves other sessions alone', async () => {
      const ending = await signIn();
      const other = await signIn();
      await revoke.run(ending.refresh_token);
      expect(await validate.run(other.access_token)).toMatchObject({ valid: true });
    });

    it('answers false when the session was already revoked', async () => {
      const pair = await signIn();
      await revoke.run(pair.refresh_token);
      expect(await revoke.run(pair.refresh_token)).toBe(false);
      expect(auth.publisher.events).toHaveLength(1);
    });
  });

  describe('garbage', () => {
    it.each([
      ['an unknown opaque token', 'c29tZXRoaW5nLXJhbmRvbQ'],
      ['a JWT-shaped string', 'abc.def.ghi'],
      ['an empty string', ''],
    ])('answers false for %s and revokes nothing', async (_label, token) => {
      const pair = await signIn();
      expect(await revoke.run(token)).toBe(false);
      expect(auth.publisher.events).toEqual([]);
      expect(await validate.run(pair.access_token)).toMatchObject({ valid: true });
    });
  });
});

import { createInMemoryAuthContainer, type InMemoryAuth } from '../../../adapters/outbound/memory/in-memory-auth.container';
import type { TokenPair } from '../../refresh-token';
import { LoginUseCase } from '../login/login.use-case';
import { RefreshUseCase } from '../refresh/refresh.use-case';
import { RegisterUseCase } from '../register/register.use-case';
import { ValidateTokenUseCase } from '../validate-token/validate-token.use-case';
import { LogoutUseCase } from './logout.use-case';

describe('LogoutUseCase', () => {
  let auth: InMemoryAuth;
  let validate: ValidateTokenUseCase;
  let logout: LogoutUseCase;
  let userId: string;

  async function signIn(): Promise<TokenPair> {
    return auth.container.resolve(LoginUseCase).run({ username: 'alice', password: 'correct horse battery' }, '127.0.0.1');
  }

  beforeEach(async () => {
    auth = createInMemoryAuthContainer();
    validate = auth.container.resolve(ValidateTokenUseCase);
    logout = auth.container.resolve(LogoutUseCase);
    userId = (await auth.container.resolve(RegisterUseCase).run({ username: 'alice', email: 'alice@example.com', password: 'correct horse battery' })).id;
  });

  it('makes the session’s access token invalid, as revoked', async () => {
    const pair = await signIn();
    const claims = await validate.require(pair.access_token);
    await logout.run(claims);
    expect(await validate.run(pair.access_token)).toEqual({ valid: false, reason: 'revoked' });
  });

  it('revokes every access token of the session, not just the one used to log out', async () => {
    const first = await signIn();
    const second = await auth.container.resolve(RefreshUseCase).run(first.refresh_token);
    await logout.run(await validate.require(second.access_token));
    expect(await validate.run(first.access_token)).toEqual({ valid: false, reason: 'revoked' });
  });

  it('kills the session’s refresh token', async () => {
    const pair = await signIn();
    await logout.run(await validate.require(pair.access_token));
    await expect(auth.container.resolve(RefreshUseCase).run(pair.refresh_token)).rejects.toMatchObject({ code: 'AUTH.INVALID_REFRESH_TOKEN' });
  });

  it('leaves the user’s other sessions alone', async () => {
    const ending = await signIn();
    const other = await signIn();
    await logout.run(await validate.require(ending.access_token));
    expect(await validate.run(other.access_token)).toMatchObject({ valid: true });
    await expect(auth.container.resolve(RefreshUseCase).run(other.refresh_token)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('publishes a logout revocation event naming the user, session and token', async () => {
    const pair = await signIn();
    const claims = await validate.require(pair.access_token);
    await logout.run(claims);
    expect(auth.publisher.events).toEqual([
      { user_id: userId, session_id: claims.sessionId, token_id: claims.tokenId, reason: 'logout', revoked_at: auth.clock.now().toISOString() },
    ]);
  });
});

import { inject, injectable } from 'tsyringe';
import { AuthError } from '../../../domain/auth.errors';
import type { UserRepositoryPort } from '../../ports/user-repository.port';
import type { AccessTokenSignerPort } from '../../ports/access-token-signer.port';
import type { RefreshTokenRepositoryPort } from '../../ports/refresh-token-repository.port';
import type { ClockPort } from '../../ports/clock.port';
import type { AuthSettings } from '../../auth-settings';
import { SessionRevoker } from '../../session-revoker';
import { hashRefreshToken, newRefreshToken, type TokenPair } from '../../refresh-token';
import { ACCESS_TOKEN_SIGNER, AUTH_SETTINGS, CLOCK, REFRESH_TOKEN_REPOSITORY, USER_REPOSITORY } from '../../../tokens';

/** Rotates a refresh token: the old one dies, a new pair is issued in the same session. */
@injectable()
export class RefreshUseCase {
  constructor(
    @inject(USER_REPOSITORY) private readonly users: UserRepositoryPort,
    @inject(ACCESS_TOKEN_SIGNER) private readonly signer: AccessTokenSignerPort,
    @inject(REFRESH_TOKEN_REPOSITORY) private readonly refreshTokens: RefreshTokenRepositoryPort,
    @inject(CLOCK) private readonly clock: ClockPort,
    @inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly revoker: SessionRevoker,
  ) {}

  async run(refreshToken: string): Promise<TokenPair> {
    let issued: string | undefined;
    const outcome = await this.refreshTokens.rotate(hashRefreshToken(refreshToken), (current) => {
      const next = newRefreshToken(current.userId, current.sessionId, this.settings.refreshTokenTtlMs, this.clock.now());
      issued = next.token;
      return next.record;
    });
    if (outcome.kind === 'reused') {
      await this.revoker.revokeSession(outcome.userId, outcome.sessionId, 'refresh_reuse');
      throw new AuthError('AUTH.REFRESH_TOKEN_REUSED', 'refresh token was already used; the session has been revoked');
    }
    if (outcome.kind !== 'rotated' || issued === undefined) throw new AuthError('AUTH.INVALID_REFRESH_TOKEN', 'refresh token is invalid or expired');
    const user = await this.users.findById(outcome.userId);
    if (!user) throw new AuthError('AUTH.INVALID_REFRESH_TOKEN', 'refresh token is invalid or expired');
    const access = this.signer.issue({ userId: user.id, username: user.username, role: user.role, sessionId: outcome.sessionId });
    return { access_token: access.token, refresh_token: issued, expires_in: this.settings.accessTokenTtlSeconds, token_type: 'Bearer' };
  }
}

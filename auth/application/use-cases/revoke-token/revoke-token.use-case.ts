import { inject, injectable } from 'tsyringe';
import { AuthError } from '../../../domain/auth.errors';
import type { AccessTokenSignerPort } from '../../ports/access-token-signer.port';
import type { RefreshTokenRepositoryPort } from '../../ports/refresh-token-repository.port';
import { SessionRevoker } from '../../session-revoker';
import { hashRefreshToken } from '../../refresh-token';
import { ACCESS_TOKEN_SIGNER, REFRESH_TOKEN_REPOSITORY } from '../../../tokens';

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/**
 * Revokes an access token (that token only, until it expires) or a refresh token (its whole
 * session). Answers false when there was nothing live to revoke.
 */
@injectable()
export class RevokeTokenUseCase {
  constructor(
    @inject(ACCESS_TOKEN_SIGNER) private readonly signer: AccessTokenSignerPort,
    @inject(REFRESH_TOKEN_REPOSITORY) private readonly refreshTokens: RefreshTokenRepositoryPort,
    private readonly revoker: SessionRevoker,
  ) {}

  async run(token: string): Promise<boolean> {
    return JWT_SHAPE.test(token) ? this.revokeAccessToken(token) : this.revokeRefreshToken(token);
  }

  private async revokeAccessToken(token: string): Promise<boolean> {
    try {
      const claims = this.signer.verify(token);
      await this.revoker.revokeAccessToken(claims.userId, claims.tokenId, claims.expiresAt);
      return true;
    } catch (error) {
      if (error instanceof AuthError && error.code === 'AUTH.INVALID_TOKEN') return false;
      throw error;
    }
  }

  private async revokeRefreshToken(token: string): Promise<boolean> {
    const session = await this.refreshTokens.findSession(hashRefreshToken(token));
    if (!session) return false;
    await this.revoker.revokeSession(session.userId, session.sessionId, 'revoked');
    return true;
  }
}

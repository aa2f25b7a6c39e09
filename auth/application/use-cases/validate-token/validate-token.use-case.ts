import { inject, injectable } from 'tsyringe';
import { AuthError, type TokenRejection } from '../../../domain/auth.errors';
import type { AccessTokenClaims } from '../../../domain/session';
import type { AccessTokensPort } from '../../ports/access-tokens.port';
import type { RevokedTokensPort } from '../../ports/revoked-tokens.port';
import { ACCESS_TOKENS, REVOKED_TOKENS } from '../../../tokens';

export type Validation = { valid: true; claims: AccessTokenClaims } | { valid: false; reason: TokenRejection };

/** Decides whether an access token may be used right now. */
@injectable()
export class ValidateTokenUseCase {
  constructor(
    @inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokensPort,
    @inject(REVOKED_TOKENS) private readonly revoked: RevokedTokensPort,
  ) {}

  async run(token: string): Promise<Validation> {
    let claims: AccessTokenClaims;
    try {
      claims = this.accessTokens.verify(token);
    } catch (error) {
      if (error instanceof AuthError && error.code === 'AUTH.INVALID_TOKEN') return { valid: false, reason: error.details?.reason as TokenRejection };
      throw error;
    }
    if (await this.revoked.isRevoked(claims.tokenId, claims.sessionId)) return { valid: false, reason: 'revoked' };
    return { valid: true, claims };
  }

  /** The claims of a usable token, or AUTH.INVALID_TOKEN: for inbound adapters that need a principal. */
  async require(token: string): Promise<AccessTokenClaims> {
    const result = await this.run(token);
    if (!result.valid) throw new AuthError('AUTH.INVALID_TOKEN', `access token rejected: ${result.reason}`, { reason: result.reason });
    return result.claims;
  }
}

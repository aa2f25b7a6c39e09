import { inject, injectable } from 'tsyringe';
import { AuthError, type TokenRejection } from '../../../domain/auth.errors';
import type { AccessTokenClaims } from '../../../domain/session';
import type { AccessTokenSignerPort } from '../../ports/access-token-signer.port';
import type { RevocationListPort } from '../../ports/revocation-list.port';
import { ACCESS_TOKEN_SIGNER, REVOCATION_LIST } from '../../../tokens';

export type Validation = { valid: true; claims: AccessTokenClaims } | { valid: false; reason: TokenRejection };

/** Decides whether an access token may be used right now. */
@injectable()
export class ValidateTokenUseCase {
  constructor(
    @inject(ACCESS_TOKEN_SIGNER) private readonly signer: AccessTokenSignerPort,
    @inject(REVOCATION_LIST) private readonly revocationList: RevocationListPort,
  ) {}

  async run(token: string): Promise<Validation> {
    let claims: AccessTokenClaims;
    try {
      claims = this.signer.verify(token);
    } catch (error) {
      if (error instanceof AuthError && error.code === 'AUTH.INVALID_TOKEN') return { valid: false, reason: error.details?.reason as TokenRejection };
      throw error;
    }
    if (await this.revocationList.isRevoked(claims.tokenId, claims.sessionId)) return { valid: false, reason: 'revoked' };
    return { valid: true, claims };
  }

  /** The claims of a usable token, or AUTH.INVALID_TOKEN: for inbound adapters that need a principal. */
  async require(token: string): Promise<AccessTokenClaims> {
    const result = await this.run(token);
    if (!result.valid) throw new AuthError('AUTH.INVALID_TOKEN', `access token rejected: ${result.reason}`, { reason: result.reason });
    return result.claims;
  }
}

import { injectable } from 'tsyringe';
import type { AccessTokenClaims } from '../../../domain/session';
import { SessionRevoker } from '../../session-revoker';

/** Ends the caller's session: its refresh tokens, its access tokens and its sockets. */
@injectable()
export class LogoutUseCase {
  constructor(private readonly revoker: SessionRevoker) {}

  async run(claims: Pick<AccessTokenClaims, 'userId' | 'sessionId' | 'tokenId'>): Promise<void> {
    await this.revoker.revokeSession(claims.userId, claims.sessionId, 'logout', claims.tokenId);
  }
}

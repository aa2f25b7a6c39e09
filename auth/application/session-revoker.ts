import { inject, injectable } from 'tsyringe';
import type { RevocationNotice } from '#contracts/auth/revocation';
import type { RefreshTokenRepositoryPort } from './ports/refresh-token-repository.port';
import type { RevocationListPort } from './ports/revocation-list.port';
import type { RevocationPublisherPort } from './ports/revocation-publisher.port';
import type { ClockPort } from './ports/clock.port';
import type { AuthSettings } from './auth-settings';
import { AUTH_SETTINGS, CLOCK, REFRESH_TOKEN_REPOSITORY, REVOCATION_LIST, REVOCATION_PUBLISHER } from '../tokens';

/**
 * Ends a whole session: its refresh tokens in PostgreSQL, its access tokens in the revocation
 * list, and its sockets on every edge (through the published event). Used by logout, RevokeToken
 * and refresh-token reuse detection.
 */
@injectable()
export class SessionRevoker {
  constructor(
    @inject(REFRESH_TOKEN_REPOSITORY) private readonly refreshTokens: RefreshTokenRepositoryPort,
    @inject(REVOCATION_LIST) private readonly revocationList: RevocationListPort,
    @inject(REVOCATION_PUBLISHER) private readonly publisher: RevocationPublisherPort,
    @inject(CLOCK) private readonly clock: ClockPort,
    @inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async revokeSession(userId: string, sessionId: string, reason: RevocationNotice['reason'], tokenId?: string): Promise<void> {
    await this.refreshTokens.revokeSession(sessionId);
    await this.revocationList.revokeSession(sessionId, this.settings.accessTokenTtlSeconds);
    await this.publish({ user_id: userId, session_id: sessionId, token_id: tokenId, reason });
  }

  async revokeAccessToken(userId: string, tokenId: string, expiresAt: number): Promise<void> {
    await this.revocationList.revokeToken(tokenId, expiresAt);
    await this.publish({ user_id: userId, token_id: tokenId, reason: 'revoked' });
  }

  private publish(event: Omit<RevocationNotice, 'revoked_at'>): Promise<void> {
    return this.publisher.publish({ ...event, revoked_at: this.clock.now().toISOString() });
  }
}

import { randomUUID } from 'node:crypto';
import { PublicError } from '#kernel/errors/error-kind';
import type { Principal } from '#contracts/auth/principal';
import type { TokenVerifierPort } from '#contracts/auth/token-verifier.port';

/** Tokens issued and revoked in memory (auth in the edge's unit tests). */
export class InMemoryTokenVerifier implements TokenVerifierPort {
  private readonly valid = new Map<string, Principal>();
  private readonly revoked = new Set<string>();

  /** A new access token for the user, valid for `ttlSeconds`. */
  issue(userId: string, username = `user${userId}`, ttlSeconds = 900): Principal {
    const token = `token-${randomUUID()}`;
    const principal: Principal = { userId, username, role: 'user', tokenId: randomUUID(), sessionId: randomUUID(), expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds, token };
    this.valid.set(token, principal);
    return principal;
  }

  /** Auth revoked the token (the notice reaches the verifier through `forget`). */
  revoke(token: string): void {
    const principal = this.valid.get(token);
    if (principal) this.revoked.add(principal.tokenId);
  }

  async verify(token: string): Promise<Principal> {
    const principal = this.valid.get(token);
    if (!principal) throw new PublicError('unauthorized', 'access token rejected: malformed', undefined, { reason: 'malformed' });
    if (this.revoked.has(principal.tokenId) || this.revoked.has(principal.sessionId)) throw new PublicError('unauthorized', 'access token rejected: revoked', undefined, { reason: 'revoked' });
    return principal;
  }

  forget(revoked: { token_id?: string; session_id?: string }): void {
    if (revoked.token_id) this.revoked.add(revoked.token_id);
    if (revoked.session_id) this.revoked.add(revoked.session_id);
  }
}

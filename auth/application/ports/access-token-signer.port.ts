import type { AccessTokenClaims } from '../../domain/session';

export interface IssuedAccessToken {
  token: string;
  claims: AccessTokenClaims;
}

export interface AccessTokenSignerPort {
  /** Signs a new access token for the user in the given session. */
  issue(subject: { userId: string; username: string; sessionId: string }): IssuedAccessToken;
  /** Verifies signature, algorithm, key id, issuer, audience and expiry; throws AuthError AUTH.INVALID_TOKEN with `details.reason`. */
  verify(token: string): AccessTokenClaims;
}

import type { AccessTokenClaims } from '../../domain/session';

export interface IssuedAccessToken {
  token: string;
  claims: AccessTokenClaims;
}

/** Whom a token is for: the user as stored now (its role included), in one login session. */
export type TokenSubject = Pick<AccessTokenClaims, 'userId' | 'username' | 'role' | 'sessionId'>;

export interface AccessTokenSignerPort {
  /** Signs a new access token for the user in the given session. */
  issue(subject: TokenSubject): IssuedAccessToken;
  /** Verifies signature, algorithm, key id, issuer, audience and expiry; throws AuthError AUTH.INVALID_TOKEN with `details.reason`. */
  verify(token: string): AccessTokenClaims;
}

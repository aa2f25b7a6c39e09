import type { Role } from './user.entity';

/**
 * A login session: one refresh-token family and every access token issued from it. Logout and
 * refresh-token reuse end the whole session.
 */
export interface AccessTokenClaims {
  userId: string;
  username: string;
  role: Role;
  /** The token's own id (`jti`). */
  tokenId: string;
  /** The session (refresh-token family) the token was issued in (`sid`). */
  sessionId: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** A stored refresh token; only its hash is ever kept. */
export interface RefreshTokenRecord {
  userId: string;
  sessionId: string;
  tokenHash: string;
  expiresAt: Date;
}

/** Outcome of presenting a refresh token for rotation. */
export type RotationOutcome =
  | { kind: 'rotated'; userId: string; sessionId: string }
  /** The token had already been rotated: a sign it was copied, so its family ends. */
  | { kind: 'reused'; userId: string; sessionId: string }
  | { kind: 'expired' }
  | { kind: 'unknown' };

/** A stored refresh token's state at the moment it is presented (under its row lock). */
export interface PresentedToken {
  userId: string;
  sessionId: string;
  rotated: boolean;
  revoked: boolean;
  expired: boolean;
}

/**
 * The rule of rotation: an unknown or revoked token is dead; a rotated one presented again means
 * it was copied (reuse); an expired one is refused; otherwise undefined: rotate it.
 */
export function refusalOf(token: PresentedToken | undefined): Exclude<RotationOutcome, { kind: 'rotated' }> | undefined {
  if (!token || token.revoked) return { kind: 'unknown' };
  if (token.rotated) return { kind: 'reused', userId: token.userId, sessionId: token.sessionId };
  if (token.expired) return { kind: 'expired' };
  return undefined;
}

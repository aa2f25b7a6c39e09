import type { RefreshTokenRecord, RotationOutcome } from '../../domain/session';

export interface RefreshTokenRepositoryPort {
  /** Stores a new refresh token (the first of a session). */
  create(record: RefreshTokenRecord): Promise<void>;
  /**
   * Atomically marks the token with `tokenHash` rotated and stores `next` in its family. Of two
   * concurrent rotations of one token exactly one succeeds; the other sees `reused`.
   */
  rotate(tokenHash: string, next: (current: { userId: string; sessionId: string }) => RefreshTokenRecord): Promise<RotationOutcome>;
  /** Revokes every token of a session; returns how many were still live. */
  revokeSession(sessionId: string): Promise<number>;
  /** The session of the token with this hash, or null. */
  findSession(tokenHash: string): Promise<{ userId: string; sessionId: string } | null>;
}

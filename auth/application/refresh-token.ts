import { createHash, randomBytes } from 'node:crypto';
import type { RefreshTokenRecord } from '../domain/session';

/** Only the SHA-256 of a refresh token is stored: a database leak yields no usable token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new opaque refresh token (256 random bits) and the record that stores its hash. */
export function newRefreshToken(userId: string, sessionId: string, ttlMs: number, now: Date): { token: string; record: RefreshTokenRecord } {
  const token = randomBytes(32).toString('base64url');
  return { token, record: { userId, sessionId, tokenHash: hashRefreshToken(token), expiresAt: new Date(now.getTime() + ttlMs) } };
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

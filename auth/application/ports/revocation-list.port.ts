export interface RevocationListPort {
  /** Remembers that one access token is revoked until it would have expired anyway. */
  revokeToken(tokenId: string, untilEpochSeconds: number): Promise<void>;
  /** Remembers that every access token of a session is revoked, for `forSeconds` (the access token lifetime). */
  revokeSession(sessionId: string, forSeconds: number): Promise<void>;
  /** True when the token or its session has been revoked. */
  isRevoked(tokenId: string, sessionId: string): Promise<boolean>;
}

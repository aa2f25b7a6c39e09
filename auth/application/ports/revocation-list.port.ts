export interface RevocationListPort {
  /** Remembers that one access token is revoked until it would have expired anyway. */
  revokeToken(tokenId: string, untilEpochSeconds: number): Promise<void>;
  /** Remembers that every access token of a session is revoked, for `forSeconds` (the access token lifetime). */
  revokeSession(sessionId: string, forSeconds: number): Promise<void>;
  /** True when the token or its session has been revoked. */
  isRevoked(tokenId: string, sessionId: string): Promise<boolean>;
}

/** A revocation list that can list what it holds, so a process can mirror it in memory. */
export interface ListableRevocationListPort extends RevocationListPort {
  /** Every live revocation: `token:<jti>` or `session:<sid>`, and when it lapses. */
  entries(): Promise<{ key: string; expiresAtMs: number }[]>;
}

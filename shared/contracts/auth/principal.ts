/** Who made an authenticated request. */
export interface Principal {
  userId: string;
  username: string;
  /** The access token's id, so logout can revoke exactly this token. */
  tokenId: string;
  /** The login session the token belongs to. */
  sessionId: string;
  /** Seconds since epoch when the token stops being valid. */
  expiresAt: number;
  token: string;
}

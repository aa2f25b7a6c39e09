/** Token lifetimes the use cases need (from ACCESS_TOKEN_TTL and REFRESH_TOKEN_TTL). */
export interface AuthSettings {
  accessTokenTtlSeconds: number;
  refreshTokenTtlMs: number;
}

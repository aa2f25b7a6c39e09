import type { Principal } from '#contracts/auth/principal';

export interface TokenVerifierPort {
  /** The principal of a usable access token; PublicError `unauthorized` or `unavailable` otherwise. */
  verify(token: string): Promise<Principal>;
  /** Drops cached answers for revoked tokens or sessions. */
  forget(revoked: { token_id?: string; session_id?: string }): void;
}

import type { Principal } from './principal';

/** Checking access tokens, for every service that accepts them (GrpcTokenVerifier, through auth). */
export interface TokenVerifierPort {
  /** The principal of a usable access token; PublicError `unauthorized` or `unavailable` otherwise. */
  verify(token: string): Promise<Principal>;
  /** Drops cached answers for revoked tokens or sessions. */
  forget(revoked: { token_id?: string; session_id?: string }): void;
}

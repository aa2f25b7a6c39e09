import { status, type Client } from '@grpc/grpc-js';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { PublicError } from '#kernel/errors/error-kind';
import { loadProto } from '#kernel/grpc/grpc-server';
import { callUnary, createGrpcClient } from '#kernel/grpc/grpc-client';
import { RoleClaimSchema, type Principal } from './principal';
import { isUserId } from './user-id';
import type { TokenVerifierPort } from './token-verifier.port';

/** auth.v1 ValidateTokenResponse as proto-loader decodes it (int64 as a decimal string). */
export const ValidateTokenResponseSchema = z.object({
  valid: z.boolean(),
  user_id: z.string(),
  username: z.string(),
  expires_at: z.string().regex(/^\d+$/),
  reason: z.string(),
  token_id: z.string(),
  session_id: z.string(),
  // Absent from an auth that predates roles.
  role: RoleClaimSchema,
});
export type ValidateTokenResponse = z.infer<typeof ValidateTokenResponseSchema>;

export interface TokenVerifierOptions {
  /** Most tokens remembered. Default 10,000. */
  cacheSize?: number;
  /** How long a positive answer is reused, never past the token's exp. Default 30 s. */
  cacheTtlMs?: number;
  /** Deadline of one ValidateToken call. Default 3 s. */
  timeoutMs?: number;
}

/**
 * Checks access tokens through auth's gRPC ValidateToken, with a bounded LRU cache of valid answers
 * and one call in flight per token (a thousand sockets presenting one token cost one call).
 * Revocations evict through `forget`.
 */
export class GrpcTokenVerifier implements TokenVerifierPort {
  private readonly client: Client;
  private readonly cache: LRUCache<string, Principal>;
  private readonly inFlight = new Map<string, Promise<Principal>>();
  /** Token and session ids revoked lately: an answer that was in flight when they were revoked must not be trusted. */
  private readonly revoked = new LRUCache<string, true>({ max: 10_000, ttl: 60_000 });

  constructor(
    address: string,
    private readonly options: TokenVerifierOptions = {},
  ) {
    this.client = createGrpcClient(loadProto('auth.proto'), 'auth.v1.AuthService', address);
    this.cache = new LRUCache({ max: options.cacheSize ?? 10_000, ttlAutopurge: false });
  }

  /** The principal of a valid token; PublicError `unauthorized` (reason in details) otherwise, `unavailable` when auth does not answer. */
  async verify(token: string): Promise<Principal> {
    // Entries live no longer than their token (ttl in call()): a hit is never expired.
    const cached = this.cache.get(token);
    if (cached) return cached;
    let pending = this.inFlight.get(token);
    if (!pending) {
      pending = this.call(token).finally(() => this.inFlight.delete(token));
      this.inFlight.set(token, pending);
    }
    return pending;
  }

  /** Drops cached answers for a revoked token or session. */
  forget(revoked: { token_id?: string; session_id?: string; user_id?: string }): void {
    if (revoked.token_id) this.revoked.set(revoked.token_id, true);
    if (revoked.session_id) this.revoked.set(revoked.session_id, true);
    for (const [token, principal] of this.cache.entries()) {
      if (principal.tokenId === revoked.token_id || principal.sessionId === revoked.session_id) this.cache.delete(token);
    }
  }

  /** Resolves when auth's gRPC channel is connected (for /ready). */
  ping(): Promise<void> {
    return new Promise((resolve, reject) => this.client.waitForReady(Date.now() + 1_500, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    this.client.close();
  }

  private async call(token: string): Promise<Principal> {
    let response: unknown;
    try {
      response = await callUnary(this.client, 'ValidateToken', { token }, this.options.timeoutMs ?? 3_000);
    } catch (error) {
      // auth answers INVALID_ARGUMENT for a token it cannot even parse; anything else is an outage.
      if ((error as { code?: number }).code === status.INVALID_ARGUMENT) throw new PublicError('unauthorized', 'access token rejected: malformed', undefined, { reason: 'malformed' });
      throw new PublicError('unavailable', 'authentication service unavailable');
    }
    const answer = ValidateTokenResponseSchema.parse(response);
    if (!answer.valid) throw new PublicError('unauthorized', `access token rejected: ${answer.reason}`, undefined, { reason: answer.reason });
    // The user id becomes NATS subjects and Redis keys here: whatever auth says, it must be one.
    if (!isUserId(answer.user_id)) throw new PublicError('unauthorized', 'access token rejected: malformed', undefined, { reason: 'malformed' });
    const principal: Principal = {
      userId: answer.user_id,
      username: answer.username,
      role: answer.role,
      tokenId: answer.token_id,
      sessionId: answer.session_id,
      expiresAt: Number(answer.expires_at),
      token,
    };
    if (this.revoked.has(principal.tokenId) || this.revoked.has(principal.sessionId)) {
      throw new PublicError('unauthorized', 'access token rejected: revoked', undefined, { reason: 'revoked' });
    }
    const ttl = Math.min(this.options.cacheTtlMs ?? 30_000, principal.expiresAt * 1000 - Date.now());
    if (ttl > 0) this.cache.set(token, principal, { ttl });
    return principal;
  }
}

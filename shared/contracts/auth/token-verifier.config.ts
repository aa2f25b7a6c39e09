import { env } from '#kernel/config/env';
import { GrpcTokenVerifier } from './grpc-token-verifier';

/** The settings of every service that checks access tokens through auth (spread into its env schema). */
export const tokenVerifierEnvShape = {
  /** Where AuthService answers. Default 127.0.0.1:50051. */
  AUTH_GRPC_URL: env.hostPort('127.0.0.1:50051'),
  /** Tokens remembered by the ValidateToken cache. Default 10000. */
  TOKEN_CACHE_SIZE: env.int(10_000, 1, 10_000_000),
  /** How long a valid token answer is reused (never past its exp). Default 30s. */
  TOKEN_CACHE_TTL: env.duration('30s'),
};

export interface TokenVerifierConfig {
  AUTH_GRPC_URL: string;
  TOKEN_CACHE_SIZE: number;
  TOKEN_CACHE_TTL: number;
}

/** The token verifier of a service, from its configuration. */
export function createTokenVerifier(config: TokenVerifierConfig): GrpcTokenVerifier {
  return new GrpcTokenVerifier(config.AUTH_GRPC_URL, { cacheSize: config.TOKEN_CACHE_SIZE, cacheTtlMs: config.TOKEN_CACHE_TTL });
}

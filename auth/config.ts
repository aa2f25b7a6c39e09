import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { commonEnvShape, env, parseEnv } from '#kernel/config/env';

const isPem = (v: string) => v.includes('-----BEGIN') || existsSync(v);
/** A PEM key given inline (`\n` escapes allowed) or as a path to a file. */
const readPem = (v: string) => (v.includes('-----BEGIN') ? v.replace(/\\n/g, '\n') : readFileSync(v, 'utf8'));
const PEM_EXPECTED = { error: 'expected a PEM key or the path to a PEM file' };

const pemKey = z.string().refine(isPem, PEM_EXPECTED).transform(readPem).optional();

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));

/** Comma-separated PEM keys or paths, each read like a single one. */
const pemList = list.refine((items) => items.every(isPem), PEM_EXPECTED).transform((items) => items.map(readPem));

export const authEnvSchema = z
  .object({
    ...commonEnvShape,
    /** HTTP port. Default 8080. */
    AUTH_HTTP_PORT: env.port(8080),
    /** gRPC port (AuthService, health, reflection). Default 50051. */
    AUTH_GRPC_PORT: env.port(50051),
    /** HS256 signing secret (at least 32 characters). Default: a development secret, with a warning. */
    JWT_SECRET: z.string().min(32, { error: 'expected at least 32 characters' }).optional(),
    /** RS256/ES256 private key (PEM or path); takes precedence over JWT_SECRET. */
    JWT_PRIVATE_KEY: pemKey,
    /** The matching public key (PEM or path). */
    JWT_PUBLIC_KEY: pemKey,
    /** Comma-separated older secrets still accepted for verification during a rotation. */
    JWT_PREVIOUS_SECRETS: list,
    /** Comma-separated older public keys (PEM or paths) still accepted during a rotation. */
    JWT_PREVIOUS_PUBLIC_KEYS: pemList,
    /** `iss` of issued tokens. Default realtime-auth. */
    JWT_ISSUER: z.string().default('realtime-auth'),
    /** `aud` of issued tokens. Default realtime. */
    JWT_AUDIENCE: z.string().default('realtime'),
    /** Clock skew tolerated when checking a token's exp and nbf (between auth and the machines that made it). Default 0s. */
    JWT_CLOCK_TOLERANCE: env.duration('0s', true),
    /** Access token lifetime. Default 15m. */
    ACCESS_TOKEN_TTL: env.duration('15m'),
    /** Refresh token lifetime. Default 30d. */
    REFRESH_TOKEN_TTL: env.duration('30d'),
    /** Login attempts per account per window. Default 10. */
    LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: env.int(10, 1, 1_000_000),
    /** Login attempts per client address per window. Default 100. */
    LOGIN_MAX_ATTEMPTS_PER_IP: env.int(100, 1, 1_000_000),
    /** Login rate-limit window. Default 15m. */
    LOGIN_ATTEMPT_WINDOW: env.duration('15m'),
    /** scrypt cost as log2(N). Default 15 (32 MiB per hash). */
    PASSWORD_SCRYPT_LOG_N: env.int(15, 10, 20),
  })
  .superRefine((value, ctx) => {
    // The development secret is in the repository: a production that signed with it would accept anyone's forged tokens.
    if (value.NODE_ENV === 'production' && !value.JWT_SECRET && !value.JWT_PRIVATE_KEY) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'required when NODE_ENV=production (or JWT_PRIVATE_KEY/JWT_PUBLIC_KEY): the development default is public; e.g. JWT_SECRET=$(openssl rand -hex 32)' });
    }
    if (Boolean(value.JWT_PRIVATE_KEY) !== Boolean(value.JWT_PUBLIC_KEY)) {
      ctx.addIssue({ code: 'custom', path: [value.JWT_PRIVATE_KEY ? 'JWT_PUBLIC_KEY' : 'JWT_PRIVATE_KEY'], message: 'JWT_PRIVATE_KEY and JWT_PUBLIC_KEY must be set together' });
    }
  });

export type AuthConfig = z.infer<typeof authEnvSchema>;

export function loadAuthConfig(source: Record<string, string | undefined> = process.env): AuthConfig {
  return parseEnv(authEnvSchema, source);
}

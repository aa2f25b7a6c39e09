import { z } from 'zod';

/** Thrown when an environment variable is invalid; its message is the one line start-up prints. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Parses the environment with a zod object schema. Empty strings count as unset so that
 * `FOO=` in a .env file falls back to the default instead of failing on "".
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env = process.env): z.infer<S> {
  const cleaned: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
  }
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue.path[0] ?? '');
  const got = cleaned[name] === undefined ? 'unset' : JSON.stringify(cleaned[name]);
  throw new ConfigError(`invalid configuration: ${name} (got ${got}): ${issue.message}`);
}

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `250ms`, `30s`, `15m`, `12h`, `30d` into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export const env = {
  /** A TCP port; 0 asks the OS for a free one. */
  port: (fallback: number) =>
    z
      .string()
      .default(String(fallback))
      .refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, { error: 'expected a port number 0-65535' })
      .transform(Number),

  /** A whole number within [min, max]. */
  int: (fallback: number, min: number, max: number) =>
    z
      .string()
      .default(String(fallback))
      .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
        error: `expected a whole number from ${min} to ${max}`,
      })
      .transform(Number),

  /** A duration such as `30s` or `15m`, as milliseconds; `orZero` also takes `0s`. */
  duration: (fallback: string, orZero = false) =>
    z
      .string()
      .default(fallback)
      .refine((v) => (parseDuration(v) ?? -1) > (orZero ? -1 : 0), { error: `expected a duration such as ${orZero ? '0s, ' : ''}500ms, 30s, 15m, 12h or 30d` })
      .transform((v) => parseDuration(v) as number),

  /** `true` or `false` (also 1/0, yes/no). */
  bool: (fallback: boolean) =>
    z
      .string()
      .default(String(fallback))
      .refine((v) => /^(true|false|1|0|yes|no)$/i.test(v), { error: 'expected true or false' })
      .transform((v) => /^(true|1|yes)$/i.test(v)),

  /** A URL whose scheme is one of `schemes`. */
  url: (fallback: string, schemes: string[]) =>
    z
      .string()
      .default(fallback)
      .refine(
        (v) => {
          try {
            return schemes.includes(new URL(v).protocol.replace(/:$/, ''));
          } catch {
            return false;
          }
        },
        { error: `expected a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}` },
      ),

  /** An optional http(s) URL where a service answers publicly; a trailing slash is dropped. */
  publicUrl: () =>
    z
      .string()
      .optional()
      .refine((v) => !v || /^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(v), { error: 'expected an http(s) URL such as https://auth.example.com' })
      .transform((v) => (v ? v.replace(/\/+$/, '') : undefined)),

  /** `host:port` for a gRPC target. */
  hostPort: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .refine((v) => /^[\w.-]+:\d{1,5}$/.test(v), { error: 'expected host:port' }),
};

/** Settings every service shares (README, Configuration). */
export const commonEnvShape = {
  /** PostgreSQL connection string. Default postgres://127.0.0.1:5432/realtime. */
  DATABASE_URL: env.url('postgres://127.0.0.1:5432/realtime', ['postgres', 'postgresql']),
  /** NATS server(s), comma-free single URL. Default nats://127.0.0.1:4222. */
  NATS_URL: env.url('nats://127.0.0.1:4222', ['nats', 'tls']),
  /** Redis. Default redis://127.0.0.1:6379. */
  REDIS_URL: env.url('redis://127.0.0.1:6379', ['redis', 'rediss']),
  /** Prefix for JetStream streams/consumers, subject roots, Redis keys and queues. Default empty. */
  NAME_PREFIX: z
    .string()
    .default('')
    .refine((v) => /^[A-Za-z0-9_-]{0,32}$/.test(v), { error: 'expected up to 32 letters, digits, _ or -' }),
  /** pino level. Default info. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` (a JSON object a line, for machines) or `pretty` (for people). Default json. */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** Largest accepted HTTP request body in bytes. Default 1 MiB. */
  HTTP_MAX_BODY_BYTES: env.int(1_048_576, 1_024, 64 * 1_048_576),
  /** Origins a browser page may call this service's API from: `*` (tokens are bearer headers, never cookies) or a comma-separated list such as `https://chat.example.com`. Default `*`. */
  CORS_ORIGIN: z
    .string()
    .default('*')
    .refine((v) => v === '*' || v.split(',').every((origin) => /^https?:\/\/[^/\s]+$/.test(origin.trim())), { error: 'expected * or comma-separated origins like https://chat.example.com' }),
  // Where each service answers for browsers and people: each Swagger page links to the others'
  // (unset: http://localhost:<default port>), and the edge's browser app calls the APIs there.
  /** auth's public URL (e.g. https://auth.example.com). */
  PUBLIC_AUTH_URL: env.publicUrl(),
  /** The edge's public URL (ws-producer). */
  PUBLIC_EDGE_URL: env.publicUrl(),
  /** The core's public URL (ws-consumer: rooms, history, feed, search). */
  PUBLIC_CORE_URL: env.publicUrl(),
  /** ticketing's public URL. */
  PUBLIC_TICKETING_URL: env.publicUrl(),
  /** `production` makes insecure defaults loud. */
  NODE_ENV: z.string().default('development'),
};

export const commonEnvSchema = z.object(commonEnvShape);

import { z } from 'zod';
import { commonEnvShape, env, parseEnv } from '#kernel/config/env';
import { tokenVerifierEnvShape } from '#contracts/auth/token-verifier.config';

export const producerEnvSchema = z.object({
  ...commonEnvShape,
  ...tokenVerifierEnvShape,
  /** HTTP and WebSocket port. Default 8081. */
  PRODUCER_HTTP_PORT: env.port(8081),
  /** gRPC port (RealtimeService). Default 50052. */
  PRODUCER_GRPC_PORT: env.port(50052),
  /** Admit read-only guests without a token. Default false. */
  WS_ALLOW_ANONYMOUS: env.bool(false),
  /** Largest client frame in bytes; larger closes with 1009. Default 65536. */
  WS_MAX_FRAME_BYTES: env.int(65_536, 1_024, 16_777_216),
  /** Frames per second per socket (burst twice that). Default 50. */
  WS_RATE_PER_SEC: env.int(50, 1, 100_000),
  /** Unsent backlog after which a socket is closed with 4008. Default 1 MiB. */
  WS_MAX_BUFFERED_BYTES: env.int(1_048_576, 1_024, 1_073_741_824),
  /** Server ping interval. Default 30s. */
  WS_PING_INTERVAL: env.duration('30s'),
  /** A socket silent this long is dropped. Default 60s. */
  WS_PONG_TIMEOUT: env.duration('60s'),
  /** Most messages recovered on room:join with since_seq. Default 500. */
  WS_RECOVERY_MAX: env.int(500, 0, 10_000),
  /** How long a "may post here" answer is used before the core is asked again; while the core or its database is away the last answer stays in use. Default 10s. */
  WS_AUTHORIZATION_TTL: env.duration('10s'),
  /** Time a socket without a token has to send its auth frame. Default 5s. */
  WS_AUTH_TIMEOUT: env.duration('5s'),
  /** A `: heartbeat` comment goes to every feed stream (GET /v1/feed/stream) this often, so proxies keep it open. Default 25s. */
  SSE_HEARTBEAT_INTERVAL: env.duration('25s'),
  /** Most posts a resumed feed (Last-Event-ID, feed:subscribe last_seq) recovers; beyond it a reset. Default 500 (1-1000, the core's cap). */
  FEED_RECOVERY_MAX: env.int(500, 1, 1_000),
});

export type ProducerConfig = z.infer<typeof producerEnvSchema>;

export function loadProducerConfig(source: Record<string, string | undefined> = process.env): ProducerConfig {
  return parseEnv(producerEnvSchema, source);
}

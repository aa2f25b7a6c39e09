import { z } from 'zod';
import { commonEnvShape, env, parseEnv } from '#kernel/config/env';

export const consumerEnvSchema = z.object({
  ...commonEnvShape,
  /** HTTP port (rooms, history, presence). Default 8082. */
  CONSUMER_HTTP_PORT: env.port(8082),
  /** Where AuthService answers (bearer tokens of HTTP calls). Default 127.0.0.1:50051. */
  AUTH_GRPC_URL: env.hostPort('127.0.0.1:50051'),
  /** Most messages persisted in one transaction. Default 500. */
  CONSUMER_BATCH_MAX: env.int(500, 1, 10_000),
  /** Deliveries of one message before it is dead-lettered. Default 5. */
  CONSUMER_MAX_DELIVER: env.int(5, 1, 100),
  /** How long JetStream waits for an ack before redelivering. Default 30s. */
  CONSUMER_ACK_WAIT: env.duration('30s'),
  /** Presence lease: a socket not refreshed for this long counts as gone. Default 90s. */
  PRESENCE_TTL: env.duration('90s'),
  /** Tokens remembered by the ValidateToken cache. Default 10000. */
  TOKEN_CACHE_SIZE: env.int(10_000, 1, 10_000_000),
  /** How long a valid token answer is reused (never past its exp). Default 30s. */
  TOKEN_CACHE_TTL: env.duration('30s'),
});

export type ConsumerConfig = z.infer<typeof consumerEnvSchema>;

export function loadConsumerConfig(source: Record<string, string | undefined> = process.env): ConsumerConfig {
  return parseEnv(consumerEnvSchema, source);
}

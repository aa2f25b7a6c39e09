import { z } from 'zod';
import { commonEnvShape, env, parseEnv } from '#kernel/config/env';
import { tokenVerifierEnvShape } from '#contracts/auth/token-verifier.config';

export const consumerEnvSchema = z.object({
  ...commonEnvShape,
  ...tokenVerifierEnvShape,
  /** HTTP port (rooms, history, presence). Default 8082. */
  CONSUMER_HTTP_PORT: env.port(8082),
  /** Most messages persisted in one transaction. Default 500. */
  CONSUMER_BATCH_MAX: env.int(500, 1, 10_000),
  /** Deliveries of one message before it is dead-lettered. Default 5. */
  CONSUMER_MAX_DELIVER: env.int(5, 1, 100),
  /** How long JetStream waits for an ack before redelivering (a dead core's messages move to another within this). Messages a core holds are kept alive meanwhile. Default 5s. */
  CONSUMER_ACK_WAIT: env.duration('5s'),
  /** Presence lease: a socket not refreshed for this long counts as gone. Default 90s. */
  PRESENCE_TTL: env.duration('90s'),
  /** Where the search index lives: postgres (pg_trgm and full text, the default) or elasticsearch. */
  SEARCH_BACKEND: z.enum(['postgres', 'elasticsearch']).default('postgres'),
  /** The Elasticsearch node for SEARCH_BACKEND=elasticsearch, e.g. http://127.0.0.1:9200. */
  ELASTICSEARCH_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^https?:\/\/[^\s/]+/.test(v), { error: 'expected a URL starting with http:// or https://' }),
  /** Run the indexing consumers in this core (search itself is served either way). Default true. */
  SEARCH_INDEXING: env.bool(true),
}).superRefine((config, ctx) => {
  if (config.SEARCH_BACKEND === 'elasticsearch' && !config.ELASTICSEARCH_URL) ctx.addIssue({ code: 'custom', path: ['ELASTICSEARCH_URL'], message: 'required when SEARCH_BACKEND=elasticsearch' });
});

export type ConsumerConfig = z.infer<typeof consumerEnvSchema>;

export function loadConsumerConfig(source: Record<string, string | undefined> = process.env): ConsumerConfig {
  return parseEnv(consumerEnvSchema, source);
}

import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger';

/**
 * A Redis client that fails a command fast while the server is away (so callers answer 503)
 * and keeps reconnecting in the background.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 3_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let warned = false;
  redis.on('error', (error) => {
    if (!warned) logger.warn({ err: error }, 'Redis connection error; reconnecting');
    warned = true;
  });
  redis.on('ready', () => {
    warned = false;
  });
  return redis;
}

/** Deletes the Redis keys a run left under its NAME_PREFIX (bench-platform, auth-validate). */
import { Redis } from 'ioredis';
import { servers } from './bench-kit';

/** Deletes every key starting with `prefix` (SCAN + DEL); resolves to how many were deleted. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(servers.redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

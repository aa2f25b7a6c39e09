import { Redis } from 'ioredis';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { dropDatabase, TEST_SERVERS } from './support/test-run';

async function dropRunDatabase(): Promise<void> {
  const name = new URL(process.env.DATABASE_URL ?? '').pathname.slice(1);
  if (name.startsWith('rt_test_')) await dropDatabase(name);
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_SERVERS.redis);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

async function deleteStreams(prefix: string): Promise<void> {
  const nc = await connect({ servers: TEST_SERVERS.nats });
  const jsm = await jetstreamManager(nc);
  for await (const stream of jsm.streams.list()) {
    if (stream.config.name.startsWith(prefix)) await jsm.streams.delete(stream.config.name);
  }
  await nc.close();
}

/** Removes everything this run created: its database, Redis keys and JetStream streams. */
export default async function globalTeardown(): Promise<void> {
  const prefix = process.env.NAME_PREFIX ?? '';
  if (!prefix) return;
  await Promise.all([dropRunDatabase(), deleteRedisKeys(prefix), deleteStreams(prefix)]);
}

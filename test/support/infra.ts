import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pgConnection } from '#kernel/pg/pg-pool';
import { uniqueId } from './test-run';

/** Real connections for adapter tests, to the run's database and servers (see global-setup). */
export interface TestInfra {
  pool: Pool;
  redis: Redis;
  nc: NatsConnection;
  /** NAME_PREFIX of the run plus a per-file part. */
  prefix: string;
  close(): Promise<void>;
}

export async function connectTestInfra(): Promise<TestInfra> {
  const pool = new Pool({ ...pgConnection(process.env.DATABASE_URL as string), max: 5 });
  const redis = new Redis(process.env.REDIS_URL as string);
  const nc = await connect({ servers: process.env.NATS_URL });
  return {
    pool,
    redis,
    nc,
    prefix: `${process.env.NAME_PREFIX}${uniqueId(3)}_`,
    close: async () => {
      await nc.close();
      await redis.quit();
      await pool.end();
    },
  };
}

import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pgConnection } from '#kernel/pg/pg-pool';
import { uniqueId } from './test-run';
import { isolatedDatabaseUrl } from './test-database';

/** Real connections for adapter tests, to the run's servers (see global-setup) and a schema of the file's own. */
export interface TestInfra {
  /** The run's database with a schema of this file's own (see isolatedDatabaseUrl). */
  databaseUrl: string;
  pool: Pool;
  redis: Redis;
  nc: NatsConnection;
  /** NAME_PREFIX of the run plus a per-file part. */
  prefix: string;
  close(): Promise<void>;
}

export async function connectTestInfra(): Promise<TestInfra> {
  const databaseUrl = await isolatedDatabaseUrl();
  const pool = new Pool({ ...pgConnection(databaseUrl), max: 5 });
  const redis = new Redis(process.env.REDIS_URL as string);
  const nc = await connect({ servers: process.env.NATS_URL });
  return {
    databaseUrl,
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

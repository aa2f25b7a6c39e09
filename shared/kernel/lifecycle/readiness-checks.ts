import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ReadinessCheck } from './readiness';

export const postgresReadiness = (pool: Pool): ReadinessCheck => ({ name: 'postgres', check: () => pool.query('SELECT 1') });
export const redisReadiness = (redis: Redis): ReadinessCheck => ({ name: 'redis', check: () => redis.ping() });
export const natsReadiness = (nc: NatsConnection): ReadinessCheck => ({
  name: 'nats',
  check: async () => {
    if (nc.isClosed()) throw new Error('closed');
    await nc.flush();
  },
});

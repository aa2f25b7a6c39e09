import { userInfo } from 'node:os';
import { Pool, type ClientConfig, type PoolClient } from 'pg';
import type { Logger } from '../logging/logger';
import { OutageLog } from '../lifecycle/outage-log';

/**
 * Connection settings from a URL. A URL without a user (the default
 * `postgres://127.0.0.1:5432/realtime`) connects as PGUSER or the OS user, like psql does.
 */
export function pgConnection(databaseUrl: string): ClientConfig {
  const url = new URL(databaseUrl);
  if (url.username === '') url.username = encodeURIComponent(process.env.PGUSER ?? userInfo().username);
  return { connectionString: url.toString(), connectionTimeoutMillis: 5_000 };
}

/**
 * A pool whose connection errors (a server restart, a cut) are logged as one outage instead of
 * crashing the process, or writing a warning for each of its clients.
 */
export function createPgPool(databaseUrl: string, logger: Logger, max = 10): Pool {
  const pool = new Pool({ ...pgConnection(databaseUrl), max, idleTimeoutMillis: 30_000 });
  const outage = new OutageLog(logger, 'PostgreSQL connections');
  pool.on('error', (error) => outage.failed(error));
  pool.on('connect', (client) => {
    outage.recovered();
    // A checked-out client whose connection drops emits 'error' too; unheard, it would end the
    // process. The query in flight fails on its own and the pool replaces the client.
    client.on('error', (error) => outage.failed(error));
  });
  return pool;
}

/** SQLSTATE 23505; `constraint` names which unique key was hit. */
export function uniqueViolation(error: unknown): { constraint: string } | undefined {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' ? { constraint: e.constraint ?? '' } : undefined;
}

/** Runs `work` in one transaction on one client: COMMIT when it resolves, ROLLBACK when it throws. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

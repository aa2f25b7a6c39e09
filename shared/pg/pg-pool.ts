import { userInfo } from 'node:os';
import { Pool, type ClientConfig } from 'pg';
import type { Logger } from '../logging/logger';

/**
 * Connection settings from a URL. A URL without a user (the default
 * `postgres://127.0.0.1:5432/realtime`) connects as PGUSER or the OS user, like psql does.
 */
export function pgConnection(databaseUrl: string): ClientConfig {
  const url = new URL(databaseUrl);
  if (url.username === '') url.username = encodeURIComponent(process.env.PGUSER ?? userInfo().username);
  return { connectionString: url.toString(), connectionTimeoutMillis: 5_000 };
}

/** A pool whose idle-client errors (server restarts) are logged instead of crashing the process. */
export function createPgPool(databaseUrl: string, logger: Logger, max = 10): Pool {
  const pool = new Pool({ ...pgConnection(databaseUrl), max, idleTimeoutMillis: 30_000 });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL client failed; it will be replaced'));
  return pool;
}

/** SQLSTATE 23505; `constraint` names which unique key was hit. */
export function uniqueViolation(error: unknown): { constraint: string } | undefined {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' ? { constraint: e.constraint ?? '' } : undefined;
}

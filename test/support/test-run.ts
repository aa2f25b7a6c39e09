import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';

/** Server addresses of the real PostgreSQL, Redis and NATS the tests use (overridable for other machines). */
export const TEST_SERVERS = {
  postgresAdmin: process.env.TEST_POSTGRES_URL ?? 'postgres://127.0.0.1:5432/postgres',
  redis: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  nats: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
};

/** A short random name part: test runs and test files never share streams, keys or rows. */
export function uniqueId(bytes = 4): string {
  return randomBytes(bytes).toString('hex');
}

/** The database URL of this run, with `name` as the database. */
export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVERS.postgresAdmin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database a test made for a child process (forcing its connections closed). */
export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client(pgConnection(TEST_SERVERS.postgresAdmin));
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

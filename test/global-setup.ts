import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { migrateUp } from '#kernel/pg/migrate';
import { createLogger } from '#kernel/logging/logger';
import { TEST_SERVERS, databaseUrl, uniqueId } from './support/test-run';

/**
 * One database and one NAME_PREFIX per test run, created here and dropped in global-teardown,
 * so parallel runs on one machine (or a failed run's leftovers) never interfere.
 */
export default async function globalSetup(): Promise<void> {
  // Tests that start the platform as a separate process run dist/: keep it current (incremental,
  // a no-op after `npm test`'s own build).
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
  const runId = `t${Date.now().toString(36)}${uniqueId(2)}`;
  const database = `rt_test_${runId}`;
  const admin = new Client(pgConnection(TEST_SERVERS.postgresAdmin));
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();

  process.env.DATABASE_URL = databaseUrl(database);
  process.env.NAME_PREFIX = `${runId}_`;
  process.env.REDIS_URL = TEST_SERVERS.redis;
  process.env.NATS_URL = TEST_SERVERS.nats;
  process.env.LOG_LEVEL ??= 'silent';
  await migrateUp(process.env.DATABASE_URL, createLogger('test-setup', 'warn'));
  process.stdout.write(`\ntest run ${runId}: database ${database}, NAME_PREFIX ${process.env.NAME_PREFIX}\n`);
}

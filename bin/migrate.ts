import { commonEnvSchema, ConfigError, parseEnv } from '#kernel/config/env';
import { DependencyError, requireDependency } from '#kernel/lifecycle/dependencies';
import { createLogger } from '#kernel/logging/logger';
import { ensureDatabase } from '#kernel/pg/ensure-database';
import { migrateDown, migrateUp } from '#kernel/pg/migrate';

/** `make migrate-up` (create the database if needed, apply pending migrations) and `make migrate-down` (roll back one). */
async function main(): Promise<void> {
  const direction = process.argv[2] ?? 'up';
  if (direction !== 'up' && direction !== 'down') throw new ConfigError(`usage: migrate.js up|down (got ${direction})`);
  const config = parseEnv(commonEnvSchema);
  const logger = createLogger('migrate', config.LOG_LEVEL === 'silent' ? 'silent' : 'info', config.LOG_FORMAT);
  await requireDependency('PostgreSQL', config.DATABASE_URL, () => ensureDatabase(config.DATABASE_URL));
  if (direction === 'up') await migrateUp(config.DATABASE_URL, logger);
  else await migrateDown(config.DATABASE_URL, logger);
  logger.info(`migrate ${direction} done`);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DependencyError;
  process.stderr.write(`${known ? (error as Error).message : String(error)}\n`);
  process.exit(1);
});

import { runner } from 'node-pg-migrate';
import type { Logger } from '../logging/logger';
import { repoFolder } from '../config/repo-folder';
import { pgConnection } from './pg-pool';

const MIGRATIONS_DIR = repoFolder('migrations');

/**
 * Applies pending migrations. node-pg-migrate holds an advisory lock while it runs, so several
 * processes starting at once apply each migration exactly once.
 */
export async function migrateUp(databaseUrl: string, logger: Logger): Promise<void> {
  await migrate(databaseUrl, logger, 'up', Infinity);
}

/** Rolls back the newest `count` migrations (`make migrate-down`). */
export async function migrateDown(databaseUrl: string, logger: Logger, count = 1): Promise<void> {
  await migrate(databaseUrl, logger, 'down', count);
}

async function migrate(databaseUrl: string, logger: Logger, direction: 'up' | 'down', count: number): Promise<void> {
  const applied = await runner({
    databaseUrl: pgConnection(databaseUrl),
    dir: MIGRATIONS_DIR,
    direction,
    migrationsTable: 'pgmigrations',
    count,
    checkOrder: true,
    log: (message) => logger.debug(message),
  });
  if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, direction === 'up' ? 'applied migrations' : 'rolled back migrations');
}

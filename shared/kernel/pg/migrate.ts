import { runner } from 'node-pg-migrate';
import type { Logger } from '../logging/logger';
import { repoFolder } from '../config/repo-folder';
import { pgConnection } from './pg-pool';

const MIGRATIONS_DIR = repoFolder('migrations');
/** How long a start waits for another process's migration run to finish. */
const LOCK_WAIT_MS = 60_000;

export interface MigrateOptions {
  /**
   * Migrate into this schema (created if missing) instead of the search path's first: each test
   * file gets tables of its own. `public` stays on the search path for extensions.
   */
  schema?: string;
  count?: number;
}

/**
 * Applies pending migrations. node-pg-migrate holds an advisory lock while it runs, so several
 * processes starting at once apply each migration exactly once: the ones that find it taken
 * wait for it (node-pg-migrate itself would give up at once) and then find nothing to do.
 */
export async function migrateUp(databaseUrl: string, logger: Logger, options: MigrateOptions = {}): Promise<void> {
  await migrate(databaseUrl, logger, 'up', { count: Infinity, ...options });
}

/** Rolls back the newest `count` migrations (`make migrate-down`). */
export async function migrateDown(databaseUrl: string, logger: Logger, count = 1): Promise<void> {
  await migrate(databaseUrl, logger, 'down', { count });
}

async function migrate(databaseUrl: string, logger: Logger, direction: 'up' | 'down', options: MigrateOptions): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const applied = await runner({
        databaseUrl: pgConnection(databaseUrl),
        dir: MIGRATIONS_DIR,
        direction,
        migrationsTable: 'pgmigrations',
        count: options.count,
        checkOrder: true,
        // A schema of its own belongs to one caller: no lock, so test files never wait for each other.
        ...(options.schema ? { schema: [options.schema, 'public'], migrationsSchema: options.schema, createSchema: true, noLock: true } : {}),
        log: (message) => logger.debug(message),
      });
      if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, direction === 'up' ? 'applied migrations' : 'rolled back migrations');
      return;
    } catch (error) {
      if (!/Another migration is already running/.test(String((error as Error).message)) || Date.now() > deadline) throw error;
      logger.debug('another process is migrating; waiting for it');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

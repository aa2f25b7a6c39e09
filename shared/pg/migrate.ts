import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { runner } from 'node-pg-migrate';
import type { Logger } from '../logging/logger';
import { pgConnection } from './pg-pool';

// migrations/ sits at the repository root (see grpc-server.ts for the same dist/ rule).
const MIGRATIONS_DIR = [join(__dirname, '..', '..', 'migrations'), join(__dirname, '..', '..', '..', 'migrations')].find(existsSync) as string;

/**
 * Applies pending migrations. node-pg-migrate holds an advisory lock while it runs, so several
 * processes starting at once apply each migration exactly once.
 */
export async function migrateUp(databaseUrl: string, logger: Logger): Promise<void> {
  const applied = await runner({
    databaseUrl: pgConnection(databaseUrl),
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count: Infinity,
    checkOrder: true,
    log: (message) => logger.debug(message),
  });
  if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
}

import { createLogger } from '#kernel/logging/logger';
import { migrateUp } from '#kernel/pg/migrate';
import { uniqueId } from './test-run';

/**
 * The run's database (global-setup) with a schema of this caller's own, migrated: the URL puts
 * it first on the search path. Test files share the run's database but never each other's rows,
 * so an id, a count or an "unknown" row of one file cannot be another's. The run's teardown
 * drops the database with every schema in it.
 */
export async function isolatedDatabaseUrl(): Promise<string> {
  const schema = `t_${uniqueId(4)}`;
  const base = process.env.DATABASE_URL as string;
  await migrateUp(base, createLogger('test-schema', 'warn'), { schema });
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  return url.toString();
}

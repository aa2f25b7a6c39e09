import type { Logger } from '#kernel/logging/logger';
import { createPgPool } from '#kernel/pg/pg-pool';
import { PgUserRepository } from './adapters/outbound/pg/pg-user.repository';
import { SetRoleUseCase } from './application/use-cases/set-role/set-role.use-case';
import type { Role } from './domain/user.entity';
import type { AuthConfig } from './config';

/** `npm run user:role -- <username> <admin|user>`: AuthError AUTH.UNKNOWN_ROLE or AUTH.USER_NOT_FOUND when it cannot. */
export async function setUserRole(config: AuthConfig, logger: Logger, username: string, role: string): Promise<{ username: string; role: Role }> {
  const pool = createPgPool(config.DATABASE_URL, logger, 1);
  try {
    return await new SetRoleUseCase(new PgUserRepository(pool)).run(username, role);
  } finally {
    await pool.end();
  }
}

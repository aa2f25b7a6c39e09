import type { Logger } from '#kernel/logging/logger';
import { createPgPool } from '#kernel/pg/pg-pool';
import { AuthError } from './domain/auth.errors';
import { PgUserRepository } from './adapters/outbound/pg/pg-user.repository';
import { ScryptPasswordHasher } from './adapters/outbound/crypto/scrypt-password.hasher';
import type { AuthConfig } from './config';

/** Demo accounts for trying the system by hand; the password of each is `password123`. */
export const DEMO_USERS = [
  { username: 'alice', email: 'alice@example.com', phone: '+84901919540' },
  { username: 'bob', email: 'bob@example.com', phone: '+84901919541' },
  { username: 'carol', email: 'carol@example.com', phone: null },
  // The one who may open the ops page (/admin).
  { username: 'admin', email: 'admin@example.com', phone: null, role: 'admin' as const },
];

/** Creates the demo users that do not exist yet; safe to run any number of times. */
export async function seedDemoUsers(config: AuthConfig, logger: Logger): Promise<void> {
  const pool = createPgPool(config.DATABASE_URL, logger, 2);
  try {
    const users = new PgUserRepository(pool);
    const hasher = new ScryptPasswordHasher(config.PASSWORD_SCRYPT_LOG_N);
    for (const { role, ...demo } of DEMO_USERS) {
      try {
        await users.create({ ...demo, passwordHash: await hasher.hash('password123') });
        logger.info({ username: demo.username }, 'seeded demo user');
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        logger.info({ username: demo.username }, 'demo user already exists');
      }
      if (role) await users.setRole(demo.username, role);
    }
  } finally {
    await pool.end();
  }
}

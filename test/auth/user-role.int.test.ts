import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { createLogger } from '#kernel/logging/logger';
import { loadAuthConfig, seedDemoUsers } from '../../auth/index';
import { isolatedDatabaseUrl } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');

/** The compiled CLI, as `npm run user:role -- …` runs it (npm test builds first). */
function userRole(databaseUrl: string, ...args: string[]) {
  return spawnSync('node', ['dist/bin/user-role.js', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8', timeout: 20_000 });
}

describe('npm run user:role -- <username> <admin|user>', () => {
  let databaseUrl: string;
  let pool: Pool;
  beforeAll(async () => {
    databaseUrl = await isolatedDatabaseUrl();
    await seedDemoUsers(loadAuthConfig({ ...process.env, DATABASE_URL: databaseUrl, PASSWORD_SCRYPT_LOG_N: '10' }), createLogger('test', 'silent'));
    pool = new Pool(pgConnection(databaseUrl));
  });
  afterAll(() => pool.end());

  const roleOf = async (username: string) => (await pool.query('SELECT role FROM users WHERE username = $1', [username])).rows[0]?.role;

  it('makes alice an admin and a user again, and says so', async () => {
    expect(await roleOf('alice')).toBe('user');
    const promoted = userRole(databaseUrl, 'alice', 'admin');
    expect({ status: promoted.status, stdout: promoted.stdout }).toEqual({ status: 0, stdout: 'alice is now an admin (from their next login or token refresh)\n' });
    expect(await roleOf('alice')).toBe('admin');
    expect(userRole(databaseUrl, 'alice', 'user').status).toBe(0);
    expect(await roleOf('alice')).toBe('user');
  });

  it('exits 1 with one clear line for an unknown user, an unknown role or missing arguments', async () => {
    const answers = [userRole(databaseUrl, 'nobody', 'admin'), userRole(databaseUrl, 'bob', 'root'), userRole(databaseUrl, 'bob')];
    expect(answers.map((a) => [a.status, a.stderr])).toEqual([
      [1, 'no user named "nobody"\n'],
      [1, 'unknown role "root": expected user or admin\n'],
      [1, 'usage: npm run user:role -- <username> <admin|user>\n'],
    ]);
    expect(await roleOf('bob')).toBe('user');
  });

  it('refuses a role outside user and admin in the database too (the CHECK constraint)', async () => {
    await expect(pool.query("UPDATE users SET role = 'root' WHERE username = 'carol'")).rejects.toThrow(/users_role_check/);
  });
});

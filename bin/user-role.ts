import 'reflect-metadata';
import { ConfigError } from '#kernel/config/env';
import { createLogger } from '#kernel/logging/logger';
import { AuthError, loadAuthConfig, setUserRole } from '../auth/index';

const USAGE = 'usage: npm run user:role -- <username> <admin|user>';

/** `npm run user:role -- alice admin` (`make admin USER=alice`): gives a user a role; the user's next token carries it. */
async function main(args: string[]): Promise<void> {
  if (args.length !== 2) throw new Error(USAGE);
  const config = loadAuthConfig();
  const changed = await setUserRole(config, createLogger('user-role', 'warn', config.LOG_FORMAT), args[0], args[1]);
  process.stdout.write(`${changed.username} is now ${changed.role === 'admin' ? 'an admin' : 'a user'} (from their next login or token refresh)\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof AuthError || (error instanceof Error && error.message === USAGE);
  process.stderr.write(`${known ? (error as Error).message : String(error)}\n`);
  process.exit(1);
});

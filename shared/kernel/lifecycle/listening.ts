import { once } from 'node:events';
import type { Server } from 'node:net';
import { ConfigError } from '../config/env';

/**
 * Waits for a server to listen. A port another process holds is a setting to change, said in one
 * line that names it (`AUTH_HTTP_PORT=8080 is in use`), not a stack trace.
 */
export async function listening(server: Server, variable: string, port: number): Promise<void> {
  try {
    await once(server, 'listening');
  } catch (error) {
    throw portError(error, variable, port);
  }
}

/** The one-line error for a port that cannot be bound; other errors pass through. */
export function portError(error: unknown, variable: string, port: number | string): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE' || /EADDRINUSE|address already in use/i.test(String((error as Error).message))) {
    return new ConfigError(`${variable}=${port} is in use: another process listens there; stop it, or set ${variable} to a free port (0 takes any)`);
  }
  if (code === 'EACCES') return new ConfigError(`${variable}=${port} may not be bound by this user (ports below 1024 need privileges); set ${variable} to another port`);
  return error;
}

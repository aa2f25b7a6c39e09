/** Raised at start-up when PostgreSQL, Redis or NATS does not answer; the message says what to do. */
export class DependencyError extends Error {
  override readonly name = 'DependencyError';
}

const HINTS: Record<string, string> = {
  PostgreSQL: 'start it (pg_ctlcluster <version> main start, or `docker compose up -d postgres`) or set DATABASE_URL',
  Redis: 'start it (redis-server --daemonize yes, or `docker compose up -d redis`) or set REDIS_URL',
  NATS: 'start it with JetStream (nats-server -js, or `docker compose up -d nats`) or set NATS_URL',
};

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Runs `connect` and rethrows a failure as one line naming the dependency, its address and the fix. */
export async function requireDependency<T>(name: keyof typeof HINTS, url: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DependencyError(`${name} is not answering at ${redact(url)} (${reason}); ${HINTS[name]}`);
  }
}

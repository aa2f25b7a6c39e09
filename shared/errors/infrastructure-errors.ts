import { PublicError } from './error-kind';

// Connection-level failures of PostgreSQL, Redis and NATS: the request may succeed later, so
// the client gets `unavailable` (503), never a 500 that looks like a bug.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
// PostgreSQL SQLSTATE classes 08 (connection exception) and 57P (operator intervention).
const PG_UNAVAILABLE = /^(08...|57P0[1-4]|53300)$/;
const CLIENT_MESSAGES = /Connection terminated|Connection is closed|connect ECONNREFUSED|MaxRetriesPerRequest|timeout exceeded when trying to connect|CONNECTION_CLOSED|Stream isn't writeable|no responders|Client has encountered a connection error|Connection ended/i;

/** Maps a driver's connection failure to a 503 PublicError; undefined for anything else. */
export function translateInfrastructureError(error: unknown): PublicError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  if (NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code) || CLIENT_MESSAGES.test(error.message) || error.name === 'MaxRetriesPerRequestError') {
    return new PublicError('unavailable', 'a backing service is unavailable, try again shortly');
  }
  return undefined;
}

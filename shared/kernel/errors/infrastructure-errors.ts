import { PublicError, type ErrorTranslator } from './error-kind';

// Connection-level failures of PostgreSQL, Redis and NATS: the request may succeed later, so
// the client gets `unavailable` (503), never a 500 that looks like a bug.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
// PostgreSQL SQLSTATE classes 08 (connection exception) and 57P (operator intervention).
const PG_UNAVAILABLE = /^(08...|57P0[1-4]|53300)$/;
const CLIENT_MESSAGES = /Connection terminated|Connection is closed|connect ECONNREFUSED|MaxRetriesPerRequest|timeout exceeded when trying to connect|CONNECTION_CLOSED|Stream isn't writeable|no responders|Client has encountered a connection error|Connection ended|connection disconnected|connection closed|connection draining/i;
// Error classes of ioredis and nats.js that mean "the server is not reachable right now".
const CLIENT_ERROR_NAMES = new Set(['MaxRetriesPerRequestError', 'ConnectionError', 'ClosedConnectionError', 'DrainingConnectionError', 'NoRespondersError', 'TimeoutError']);

/** Maps a driver's connection failure to a 503 PublicError; undefined for anything else. */
export function translateInfrastructureError(error: unknown): PublicError | undefined {
  // Duck-typed rather than `instanceof Error`: driver errors may come from another realm.
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  if (NETWORK_CODES.has(String(code)) || PG_UNAVAILABLE.test(String(code)) || CLIENT_MESSAGES.test(String(message)) || CLIENT_ERROR_NAMES.has(String(name))) {
    return new PublicError('unavailable', 'a backing service is unavailable, try again shortly');
  }
  return undefined;
}

/** A failure as clients may see it: already public, the service's own (via `translate`), or an outage; undefined means a bug. */
export function toPublicError(error: unknown, translate: ErrorTranslator): PublicError | undefined {
  return error instanceof PublicError ? error : (translate(error) ?? translateInfrastructureError(error));
}

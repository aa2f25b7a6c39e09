/**
 * The failure vocabulary clients see, shared by HTTP (`error.code`), gRPC and WebSocket
 * (`error` frames). Domain errors carry dotted codes; each inbound adapter maps them to a kind.
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'too_large'
  | 'unavailable'
  | 'internal';

/** An expected failure already translated for a client. */
export class PublicError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** The dotted domain code, when the failure came from a domain error. */
    readonly reason?: string,
    readonly details?: Record<string, unknown>,
  ) {
    // An answer to a client, not a bug: no stack trace (see DomainError).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** Turns a service's own errors into PublicErrors; undefined means "not mine, unexpected". */
export type ErrorTranslator = (error: unknown) => PublicError | undefined;

export const HTTP_STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  unavailable: 503,
  internal: 500,
};

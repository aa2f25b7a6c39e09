/** A dotted error code, `SUBJECT.REASON`: `ROOM.NOT_FOUND`, `AUTH.USERNAME_TAKEN`. */
export type DottedCode = `${Uppercase<string>}.${Uppercase<string>}`;

/**
 * An expected failure of a context's rules. Each context declares its own subclass with the union
 * of its codes; its inbound adapters turn the codes into the client vocabulary through one table
 * (`errorTable` in the kernel's errors). The only kernel file a domain/ folder may import: it
 * imports nothing itself.
 */
export abstract class DomainError<Code extends DottedCode = DottedCode> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** Facts a client may act on (`{field: 'email'}`, `{seat_ids: […]}`); sent as `error.details`. */
    readonly details?: Record<string, unknown>,
  ) {
    // An expected failure is an answer, not a bug: it needs no stack trace, whose capture cost
    // about 15 µs each on the hold path, where nine requests in ten of a sell-out are refused.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

import type { DomainError, DottedCode } from '../domain/domain-error';
import { PublicError, type ErrorKind, type ErrorTranslator } from './error-kind';

/**
 * A context's one translation table: each dotted code of its DomainError subclass becomes a
 * client error kind (then an HTTP status, a gRPC status or a WebSocket error code). The record
 * type makes a code without a row a compile error. Errors of other classes are not its own.
 */
export function errorTable<Code extends DottedCode>(errorClass: abstract new (...args: never[]) => DomainError<Code>, kinds: Record<Code, ErrorKind>): ErrorTranslator {
  return (error) => (error instanceof errorClass ? new PublicError(kinds[error.code], error.message, error.code, error.details) : undefined);
}

/** One translator from several (a service hosting several contexts): the first that knows the error answers. */
export function combineTranslators(...translators: ErrorTranslator[]): ErrorTranslator {
  return (error) => {
    for (const translate of translators) {
      const known = translate(error);
      if (known) return known;
    }
    return undefined;
  };
}

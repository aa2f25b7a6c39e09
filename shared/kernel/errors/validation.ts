import type { z } from 'zod';
import { PublicError } from './error-kind';

/** Turns zod issues into a 400: one entry per offending field in `details.fields`. */
export function validationError(error: z.ZodError, where: string): PublicError {
  const fields = error.issues.map((issue) => ({ field: issue.path.join('.') || where, message: issue.message }));
  return new PublicError('bad_request', `invalid ${where}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, undefined, { fields });
}

/** Parses `value` or throws the 400 above: the one validation step of HTTP, gRPC, WebSocket and NATS inputs. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

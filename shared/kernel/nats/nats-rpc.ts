import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { z } from 'zod';
import type { Logger } from '../logging/logger';
import { PublicError, type ErrorTranslator } from '../errors/error-kind';
import { toPublicError } from '../errors/infrastructure-errors';
import { validationError } from '../errors/validation';

/** Failure answer of any request; `code` is the client error vocabulary. */
export const RpcErrorSchema = z.object({ ok: z.literal(false), code: z.string(), message: z.string() });
export type RpcError = z.infer<typeof RpcErrorSchema>;

/** The answer schema of a request: `{ok: true, …shape}` or an RpcError. */
export const rpcReply = <T extends z.ZodRawShape>(shape: T) => z.union([z.object({ ok: z.literal(true), ...shape }), RpcErrorSchema]);

/**
 * Sends a request and parses the answer. No responder or no answer in time rejects with a nats.js
 * error that translateInfrastructureError maps to `unavailable`.
 */
export async function natsRequest<S extends z.ZodType>(nc: NatsConnection, subject: string, payload: unknown, schema: S, timeoutMs = 3_000): Promise<z.infer<S>> {
  const answer = await nc.request(subject, JSON.stringify(payload), { timeout: timeoutMs });
  return schema.parse(answer.json());
}

/** Throws an error answer as a PublicError of the same kind. */
export function unwrap<T extends { ok: true }>(reply: T | RpcError): T {
  if (!reply.ok) throw new PublicError(reply.code as PublicError['kind'], reply.message);
  return reply;
}

export interface ServeOptions<S extends z.ZodType> {
  subject: string;
  /** Queue group: each request is answered by one member. */
  queue?: string;
  schema: S;
  handler: (request: z.infer<S>) => Promise<object | void>;
  translateError: ErrorTranslator;
  logger: Logger;
}

function errorReply(error: unknown, options: ServeOptions<z.ZodType>): RpcError {
  const known = toPublicError(error, options.translateError);
  if (!known) options.logger.error({ err: error, subject: options.subject }, 'unexpected error serving request');
  return { ok: false, code: known?.kind ?? 'internal', message: known?.message ?? 'internal error' };
}

/** Answers requests on a subject with the handler's result (`{ok: true, …}`) or `{ok: false, code, message}`. */
export function serveNats<S extends z.ZodType>(nc: NatsConnection, options: ServeOptions<S>): Subscription {
  const answer = async (msg: Msg) => {
    let reply: object;
    try {
      const parsed = options.schema.safeParse(msg.json());
      if (!parsed.success) reply = { ok: false, code: 'bad_request', message: validationError(parsed.error, 'request').message };
      else reply = { ok: true, ...((await options.handler(parsed.data)) ?? {}) };
    } catch (error) {
      reply = errorReply(error, options as ServeOptions<z.ZodType>);
    }
    if (msg.reply) msg.respond(JSON.stringify(reply));
  };
  return nc.subscribe(options.subject, {
    queue: options.queue,
    callback: (error, msg) => {
      if (error) options.logger.warn({ err: error, subject: options.subject }, 'subscription error');
      else void answer(msg);
    },
  });
}

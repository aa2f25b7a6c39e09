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

/** A request's answer was lost with the connection (or none is connected in time): retry-safe, an outage. */
class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

const LOST = Symbol('lost');

/** After a reconnect, how long "no responders" means the responders are still reconnecting too. */
const RECONNECT_GRACE_MS = 2_000;
const isNoResponders = (error: unknown) => /no responders/i.test(String((error as Error)?.message)) || (error as Error)?.name === 'NoRespondersError';

/**
 * Requests that survive a reconnect. nats.js drops what it buffered while disconnected, and an
 * answer on its way when the connection broke never arrives: either way a request would wait for
 * its whole timeout and fail although the server is back within a second. Here a request made
 * while disconnected waits for the connection, and one in flight when it drops is sent again once
 * it is back, within the same deadline; and for a moment after a reconnect, "no responders" is
 * taken for responders still reconnecting themselves, and asked again. The requests a
 * NatsRequester is used for must be safe to repeat (reads, and writes that are idempotent).
 */
export class NatsRequester {
  private connected = true;
  private reconnectedAt = 0;
  /** Requests in flight on the current connection: each is told when it drops. */
  private readonly inFlight = new Set<() => void>();
  /** Requests waiting for the connection to come back. */
  private waiting: (() => void)[] = [];

  constructor(private readonly nc: NatsConnection) {
    void this.follow();
  }

  async request<S extends z.ZodType>(subject: string, payload: unknown, schema: S, timeoutMs: number): Promise<z.infer<S>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.connected) await this.reconnected(deadline);
      let answer: z.infer<S> | typeof LOST;
      try {
        answer = await this.attempt(subject, payload, schema, deadline);
      } catch (error) {
        if (!isNoResponders(error) || Date.now() - this.reconnectedAt > RECONNECT_GRACE_MS || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (answer !== LOST) return answer;
    }
  }

  private attempt<S extends z.ZodType>(subject: string, payload: unknown, schema: S, deadline: number): Promise<z.infer<S> | typeof LOST> {
    return new Promise((resolve, reject) => {
      const lost = () => resolve(LOST);
      this.inFlight.add(lost);
      natsRequest(this.nc, subject, payload, schema, Math.max(1, deadline - Date.now()))
        .then(resolve, reject)
        .finally(() => this.inFlight.delete(lost));
    });
  }

  private reconnected(deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const back = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((waiter) => waiter !== back);
        reject(new ConnectionError('NATS disconnected: not back in time'));
      }, Math.max(0, deadline - Date.now()));
      this.waiting.push(back);
    });
  }

  private async follow(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        for (const lost of this.inFlight) lost();
        this.inFlight.clear();
      } else if (status.type === 'reconnect') {
        this.connected = true;
        this.reconnectedAt = Date.now();
        for (const back of this.waiting.splice(0)) back();
      }
    }
  }
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

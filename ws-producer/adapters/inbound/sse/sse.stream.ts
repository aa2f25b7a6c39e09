import type { ServerResponse } from 'node:http';
import { HTTP_STATUS, type ErrorKind } from '#kernel/errors/error-kind';
import type { Delivery } from '../../../domain/delivery';
import { Session, type EndReason, type FeedResetReason } from '../../../application/session';
import { SSE_HEARTBEAT, SSE_POST_EVENTS, sseEvent } from './sse-event.encoder';

export interface SseLimits {
  /** WS_MAX_BUFFERED_BYTES: unsent bytes after which the stream is ended (slow consumer). */
  maxBufferedBytes: number;
  /** Sent as `retry:`: how long EventSource waits before it reconnects. */
  retryMs: number;
}

/** How a stream ended before it started answers (an HTTP error instead of an event stream). */
const REFUSAL: Record<EndReason, ErrorKind> = {
  going_away: 'unavailable',
  unauthorized: 'unauthorized',
  revoked: 'unauthorized',
  token_expired: 'unauthorized',
  forbidden: 'forbidden',
  rate_limited: 'rate_limited',
  slow_consumer: 'unavailable',
};

/**
 * A session carried by a Server-Sent Events response (GET /v1/feed/stream): it takes feed
 * posts only (it joins no room and gets no direct messages). Its writes have a bounded backlog;
 * it ends with an `end` event naming the reason (token expired, revoked, shutdown).
 */
export class SseStream extends Session {
  readonly transport = 'sse';
  /** The 200 and its headers are sent: from here on, failures are told as events. */
  started = false;

  constructor(
    id: string,
    private readonly res: ServerResponse,
    private readonly limits: SseLimits,
    private readonly onSlowConsumer: () => void,
  ) {
    super(id);
  }

  /** Answers 200 with the event-stream headers and the reconnect delay; posts may follow. */
  start(): void {
    if (this.closed || this.started) return;
    this.started = true;
    this.res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      // nginx buffers responses unless told not to: events would arrive in lumps, late.
      'X-Accel-Buffering': 'no',
    });
    this.write(`retry: ${this.limits.retryMs}\n\n`);
  }

  /** No room holds an SSE stream: chat deliveries never reach one. */
  deliver(): boolean {
    return false;
  }

  deliverPost(delivery: Delivery): boolean {
    return this.write(delivery.encodedWith(SSE_POST_EVENTS));
  }

  resetFeed(reason: FeedResetReason): void {
    this.write(sseEvent('reset', { reason }));
  }

  /** A frame of its own as an event of that name (SSE has no request ids). */
  sendFrame(type: string, payload: object = {}): boolean {
    return this.write(sseEvent(type, payload));
  }

  heartbeat(): void {
    this.write(SSE_HEARTBEAT);
  }

  protected close(reason: EndReason, message: string): void {
    if (!this.started) return this.refuse(reason, message);
    // A client that does not read gets no last event: it would only add to its backlog.
    if (reason !== 'slow_consumer') this.res.write(sseEvent('end', { reason, message }));
    this.res.end();
    if (reason === 'slow_consumer') setTimeout(() => this.res.destroy(), 1_000).unref();
  }

  /** Ended while it was opening (revoked meanwhile, shutdown): an HTTP error, like a refusal at the start. */
  private refuse(reason: EndReason, message: string): void {
    if (this.res.headersSent || this.res.writableEnded) return;
    const kind = REFUSAL[reason];
    const body = JSON.stringify({ error: { code: kind, message } });
    this.res.writeHead(HTTP_STATUS[kind], { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
  }

  /** Writes a chunk; a stream whose unsent backlog would pass the limit is ended instead. */
  private write(chunk: string | Uint8Array): boolean {
    if (this.closed || !this.started) return false;
    const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (this.res.writableLength + size > this.limits.maxBufferedBytes) {
      this.onSlowConsumer();
      this.end('slow_consumer', 'send backlog over limit');
      return false;
    }
    this.res.write(chunk);
    return true;
  }
}

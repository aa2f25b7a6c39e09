import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { PublicError } from '#kernel/errors/error-kind';
import { parseOrThrow } from '#kernel/errors/validation';
import { bearerToken, type HttpRouter, type RouteResult } from '#kernel/http/http-router';
import type { Principal } from '#contracts/auth/principal';
import type { EdgeTelemetryPort } from '../../../application/ports/edge-telemetry.port';
import type { LocalSessions } from '../../../application/local-sessions';
import type { SignInUseCase } from '../../../application/use-cases/sign-in/sign-in.use-case';
import type { SubscribeFeedUseCase } from '../../../application/use-cases/subscribe-feed/subscribe-feed.use-case';
import type { CloseSessionUseCase } from '../../../application/use-cases/close-session/close-session.use-case';
import { SseStream, type SseLimits } from './sse.stream';

/** How long EventSource waits before reconnecting (sent as `retry:`). */
export const SSE_RETRY_MS = 3_000;

const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** An event id this edge gave out: a post's feed seq, a positive whole number. */
const EventIdSchema = z.preprocess(
  emptyAsAbsent,
  z
    .string()
    .regex(/^[1-9]\d{0,14}$/, { error: 'an event id is a positive whole number: the id of a post event of this stream' })
    .transform(Number)
    .optional(),
);

/** What a stream starts with: the reconnect delay, a post, a heartbeat. */
const STREAM_EXAMPLE = [
  `retry: ${SSE_RETRY_MS}`,
  '',
  'id: 1843',
  'event: post',
  `data: ${JSON.stringify({ id: '3f1c9a52-7e4b-4d21-9a0f-5c6e2b7d4a18', description: 'Doors open at seven!', created_at: '2026-12-03T09:15:27.512Z', user: { id: '42', username: 'alice' }, is_liked: false, image_urls: ['https://images.example.com/stage.jpg'], likes_count: 12 })}`,
  '',
  ': heartbeat',
  '',
  '',
].join('\n');

const StreamQuerySchema = z.object({
  token: z.string().min(1).max(8192).optional().meta({ description: 'access token, for browsers (EventSource cannot send an Authorization header, which wins when both are given)' }),
  last_event_id: EventIdSchema.meta({ description: "resume after this event id on a browser's first connection; the Last-Event-ID header (EventSource sends it on reconnects) wins" }),
});
type StreamQuery = z.infer<typeof StreamQuerySchema>;

export interface SseFeedOptions extends SseLimits {
  /** SSE_HEARTBEAT_INTERVAL in ms. */
  heartbeatMs: number;
}

export interface SseFeedUseCases {
  signIn: SignInUseCase;
  subscribeFeed: SubscribeFeedUseCase;
  closeSession: CloseSessionUseCase;
}

/**
 * The live feed `GET /v1/feed/stream` as Server-Sent Events. The token comes in the header or
 * `?token=` and is checked before the stream starts (a bad one is a 401 JSON error, as is a
 * malformed Last-Event-ID a 400); the stream then starts once the user's follows are known and
 * what a resumed stream missed is fetched, so a core that is away is a 503, not an empty stream.
 * A heartbeat comment goes to every stream every SSE_HEARTBEAT_INTERVAL.
 */
export class SseFeedEndpoint {
  private readonly streams = new Set<SseStream>();
  private heartbeat: NodeJS.Timeout | undefined;
  private draining = false;

  constructor(
    private readonly options: SseFeedOptions,
    private readonly useCases: SseFeedUseCases,
    private readonly sessions: LocalSessions,
    private readonly telemetry: EdgeTelemetryPort,
  ) {}

  routes(router: HttpRouter<Principal>): void {
    router.add({
      method: 'get',
      path: '/v1/feed/stream',
      tag: 'feed',
      summary:
        'The live feed as Server-Sent Events (text/event-stream): each new post by someone you follow as `id: <seq>`, `event: post`, `data: <post JSON>`. With Last-Event-ID (header, or ?last_event_id= on a first connection) the posts missed since come first, in order; an id too old or unknown gets `event: reset` (reload the paged feed), then live posts. A `: heartbeat` comment every SSE_HEARTBEAT_INTERVAL (25 s); `event: end` when the token expires or is revoked.',
      query: StreamQuerySchema,
      responses: {
        200: { description: 'The event stream, open until the token expires, is revoked, or the client leaves', contentType: 'text/event-stream', example: STREAM_EXAMPLE },
        400: { description: 'A malformed Last-Event-ID or last_event_id (not a positive whole number)' },
        401: { description: 'No token, or an invalid, expired or revoked one' },
        503: { description: 'The auth service or the feed core did not answer, or the edge is shutting down' },
      },
      handler: ({ query, req }) => this.stream(req, query),
    });
  }

  start(): void {
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) stream.heartbeat();
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Refuses new streams, ends open ones with `event: end` (going_away), and waits a moment for them to close. */
  async shutdown(): Promise<void> {
    this.draining = true;
    clearInterval(this.heartbeat);
    for (const stream of this.streams) stream.end('going_away', 'server shutting down');
    const deadline = Date.now() + 2_000;
    while (this.streams.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** Resolves once the stream is over. */
  private async stream(req: Request, query: StreamQuery): Promise<RouteResult> {
    if (this.draining) throw new PublicError('unavailable', 'shutting down');
    const token = bearerToken(req.headers.authorization) ?? query.token;
    if (!token) throw new PublicError('unauthorized', 'missing token: send Authorization: Bearer <token> or ?token=<token>');
    const afterSeq = resumePoint(req, query);
    const principal = await this.useCases.signIn.verify(token);
    // The kernel's router answers with the handler's result; a stream takes the response over
    // instead, and the handler resolves only once it is closed (the router's end is then a no-op).
    const res = req.res;
    if (!res) throw new Error('express request without its response');
    const stream = new SseStream(randomUUID(), res, this.options, () => this.telemetry.error('slow_consumer'));
    const over = new Promise<void>((resolve) => res.once('close', resolve));
    res.once('close', () => this.closed(stream));
    this.streams.add(stream);
    this.sessions.opened(stream);
    stream.signIn(principal);
    try {
      await this.useCases.subscribeFeed.run(stream, { after_seq: afterSeq }, () => stream.start());
    } catch (error) {
      // Ended meanwhile (the client left, or revoked: answered by the stream itself), or a failure the error handler answers.
      if (!stream.closed) {
        this.closed(stream);
        throw error;
      }
    }
    await over;
    return { status: 200 };
  }

  private closed(stream: SseStream): void {
    this.streams.delete(stream);
    this.useCases.closeSession.run(stream);
  }
}

/** The Last-Event-ID header (EventSource's, on a reconnect) wins over the query (a first connection's). */
function resumePoint(req: Request, query: StreamQuery): number | undefined {
  const header = req.headers['last-event-id'];
  if (header === undefined) return query.last_event_id;
  return parseOrThrow(EventIdSchema, header, 'Last-Event-ID header');
}

import type { ErrorKind } from '#kernel/errors/error-kind';
import type { Principal } from '#contracts/auth/principal';
import type { Delivery } from '../domain/delivery';
import type { Recipient } from '../domain/room-channel.entity';
import { SeenSeqs } from '../domain/seen-seqs';
import { EdgeError } from '../domain/edge.errors';

/** What carries a session: a WebSocket, or a Server-Sent Events stream (GET /v1/feed/stream). */
export type Transport = 'websocket' | 'sse';

/** Why a feed listener's resume point could not be honoured: it must reload the paged feed (the core's PostsSinceReply reasons). */
export type FeedResetReason = 'unknown' | 'too_old';

/** Why the edge ends a session; each transport says it its own way (a WebSocket close code, the end of an SSE stream). */
export type EndReason = 'going_away' | 'unauthorized' | 'token_expired' | 'revoked' | 'forbidden' | 'rate_limited' | 'slow_consumer';

/**
 * One client session on this edge, whatever carries it (a WebSocket, an SSE stream): who
 * it is, which rooms it joined, and how to write to it. The state and rules every transport
 * shares live here; a transport adapter extends this class and supplies the abstract writes
 * (one object per socket: 10,000 idle sockets must stay cheap).
 */
export abstract class Session implements Recipient {
  principal: Principal | undefined;
  /** Admitted without a token (WS_ALLOW_ANONYMOUS): may read public rooms only. */
  guest = false;
  readonly rooms = new Set<string>();
  closed = false;
  private seen: SeenSeqs | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;

  abstract readonly transport: Transport;

  constructor(readonly id: string) {}

  get userId(): string | null {
    return this.principal?.userId ?? null;
  }

  /** Writes a delivery, encoded once for every session of this transport. */
  abstract deliver(delivery: Delivery): boolean;

  /** Writes a post of the user's feed (a Delivery of the post's JSON, seq = its feed seq), encoded once per transport. */
  abstract deliverPost(delivery: Delivery): boolean;

  /** Tells the client its feed could not be resumed: it reloads the paged feed; live posts follow. */
  abstract resetFeed(reason: FeedResetReason): void;

  /** Writes one frame of its own (an answer, a notice). */
  abstract sendFrame(type: string, payload?: object, id?: string): boolean;

  /** Closes the transport (after `end`). */
  protected abstract close(reason: EndReason, message: string): void;

  reply(id: string | undefined, payload: object = {}): void {
    if (id !== undefined) this.sendFrame('ok', payload, id);
  }

  fail(id: string | undefined, code: ErrorKind, message: string): void {
    this.sendFrame('error', { code, message }, id);
  }

  /** Signs the session in (or refreshes its token): it acts as `principal` until the token expires, then ends. */
  signIn(principal: Principal): void {
    this.principal = principal;
    this.guest = false;
    clearTimeout(this.expiryTimer);
    const inMs = principal.expiresAt * 1000 - Date.now();
    this.expiryTimer = setTimeout(() => this.end('token_expired', 'token expired'), Math.max(0, Math.min(inMs, 2 ** 31 - 1)));
    this.expiryTimer.unref();
  }

  /** True the first time a seq of a room this session gets without having joined it (direct messages). */
  firstSightOf(room: string, seq: number): boolean {
    return (this.seen ??= new SeenSeqs()).firstSight(room, seq);
  }

  /** Ends the session once; later writes are refused. */
  end(reason: EndReason, message: string): void {
    if (this.closed) return;
    this.disposed();
    this.close(reason, message);
  }

  /** The transport is gone (closed by the client or the network): nothing more is written. */
  disposed(): void {
    this.closed = true;
    clearTimeout(this.expiryTimer);
  }
}

/** The user a session acts as; guests (read-only) may not write. */
export function actingUser(session: Session): string {
  if (session.userId === null) throw new EdgeError('AUTH.GUEST_READ_ONLY', 'guests may only read public rooms');
  return session.userId;
}

import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { FrameRate, ForbiddenJoins } from '../../../domain/frame-limits';
import { OrderedCommands } from '../../../domain/ordered-commands';
import type { Delivery } from '../../../domain/delivery';
import { Session, type EndReason, type FeedResetReason } from '../../../application/session';
import { WS_POST_FRAMES, WS_TEXT_FRAMES } from './ws-text-frame.encoder';

/** The close code of each way a session ends (1009, a frame over WS_MAX_FRAME_BYTES, is the `ws` library's). */
export const CLOSE_CODES: Record<EndReason, number> = {
  going_away: 1001,
  unauthorized: 4001,
  revoked: 4001,
  forbidden: 4003,
  slow_consumer: 4008,
  token_expired: 4010,
  rate_limited: 4029,
};

/** Most bytes held back by corking before they are flushed. */
const CORK_MAX_BYTES = 64 * 1024;

export interface ConnectionLimits {
  maxBufferedBytes: number;
  ratePerSec: number;
  burst: number;
}

/**
 * A session carried by a WebSocket: writes with a bounded backlog, one syscall per turn of the
 * event loop, and the socket's inbound protocol state (rate budget, command order, forbidden
 * joins). Frames for many sockets are passed as the same bytes; nothing here copies them.
 */
export class WsConnection extends Session {
  readonly transport = 'websocket';
  lastSeenAt = Date.now();
  readonly rate: FrameRate;
  readonly commands = new OrderedCommands();
  private forbidden: ForbiddenJoins | undefined;
  private corked = false;
  /** Bytes written since the socket was corked. */
  private corkedBytes = 0;

  constructor(
    id: string,
    readonly socket: WebSocket,
    /** The TCP socket under `socket`, corked while a turn of the event loop writes frames. */
    private readonly tcp: Pick<Duplex, 'cork' | 'uncork' | 'write'>,
    private readonly limits: ConnectionLimits,
    private readonly onSlowConsumer: () => void,
  ) {
    super(id);
    this.rate = new FrameRate(limits.ratePerSec, limits.burst, Date.now());
    // Encoded frames are written beside `ws`, which stays in order only while it never queues a
    // frame: it queues while compressing, so compression must never be negotiated.
    if (socket.extensions !== '') throw new Error(`WebSocket extensions "${socket.extensions}" negotiated; the edge writes frames itself and needs none`);
  }

  /** `system:connected`, the first frame of a signed-in or guest session. */
  greet(heartbeatMs: number): void {
    this.sendFrame('system:connected', { connection_id: this.id, user_id: this.userId, heartbeat_ms: heartbeatMs });
  }

  /** A join was refused as forbidden; true when that was one too many (the socket is then closed). */
  forbiddenJoin(): boolean {
    return (this.forbidden ??= new ForbiddenJoins()).refused();
  }

  joinGranted(): void {
    this.forbidden?.granted();
  }

  deliver(delivery: Delivery): boolean {
    return this.sendEncoded(delivery.encodedWith(WS_TEXT_FRAMES));
  }

  deliverPost(delivery: Delivery): boolean {
    return this.sendEncoded(delivery.encodedWith(WS_POST_FRAMES));
  }

  resetFeed(reason: FeedResetReason): void {
    this.sendFrame('feed:reset', { reason });
  }

  sendFrame(type: string, payload?: object, id?: string): boolean {
    return this.send(JSON.stringify(id === undefined ? { type, payload } : { type, id, payload }));
  }

  /** Writes text as a text frame through `ws`; a socket whose backlog passes the limit is cut with 4008. */
  send(data: string): boolean {
    if (this.socket.readyState !== WebSocket.OPEN || !this.admit(Buffer.byteLength(data))) return false;
    this.socket.send(data, { binary: false });
    return true;
  }

  /**
   * Writes a frame encoded once for every recipient (encodeTextFrame) straight to the TCP socket.
   * Safe beside `ws`'s own writes because compression is off: `ws` then writes each frame to the
   * socket at once, in call order, and never holds one back.
   */
  sendEncoded(frame: Uint8Array): boolean {
    if (this.socket.readyState !== WebSocket.OPEN || !this.admit(frame.byteLength)) return false;
    this.tcp.write(frame);
    return true;
  }

  protected close(reason: EndReason, message: string): void {
    this.socket.close(CLOSE_CODES[reason], message);
  }

  /** Whether `size` more bytes may be written; a socket whose backlog passes the limit is cut with 4008. */
  private admit(size: number): boolean {
    if (this.closed) return false;
    // Corked bytes wait for the end of this turn, not for the client: they are no backlog yet.
    const backlog = this.socket.bufferedAmount - (this.corked ? this.corkedBytes : 0);
    if (backlog + size > this.limits.maxBufferedBytes) {
      this.onSlowConsumer();
      this.end('slow_consumer', 'send backlog over limit');
      // A client that does not read will not read the close frame either.
      setTimeout(() => this.socket.terminate(), 1_000).unref();
      return false;
    }
    this.cork(size);
    return true;
  }

  /**
   * Frames written in one turn of the event loop (all the acks or deliveries one NATS read
   * resolves) leave in one syscall instead of one each: cork on the first, uncork once the
   * turn's callbacks and promise continuations have run. A turn that writes more than
   * CORK_MAX_BYTES flushes early, so what the kernel does not take shows as backlog within the
   * turn and a reader that never reads is cut however much one turn writes.
   */
  private cork(size: number): void {
    if (this.corked && this.corkedBytes + size > CORK_MAX_BYTES) this.uncork();
    if (!this.corked) {
      this.corked = true;
      this.corkedBytes = 0;
      this.tcp.cork();
      process.nextTick(WsConnection.uncorkLater, this);
    }
    this.corkedBytes += size;
  }

  private uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.tcp.uncork();
  }

  /** One function for every socket (a bound method per socket would cost memory on 10k idle ones). */
  private static uncorkLater(connection: WsConnection): void {
    connection.uncork();
  }
}

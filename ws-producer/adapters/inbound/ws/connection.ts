import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { Principal } from '#contracts/auth/principal';
import type { ErrorKind } from '#kernel/errors/error-kind';
import { TokenBucket } from '../../../domain/token-bucket';

/** Close codes of SPEC §3. */
export const CLOSE = {
  goingAway: 1001,
  tooBig: 1009,
  unauthorized: 4001,
  forbidden: 4003,
  slowConsumer: 4008,
  tokenExpired: 4010,
  rateLimited: 4029,
} as const;

/** Most bytes held back by corking before they are flushed. */
const CORK_MAX_BYTES = 64 * 1024;

export interface ConnectionLimits {
  maxBufferedBytes: number;
  ratePerSec: number;
  burst: number;
}

/**
 * One client socket: who it is, which rooms it is in, its rate limit, and sending with a bounded
 * backlog. Frames for many sockets are passed as the same bytes; nothing here copies them.
 */
export class Connection {
  principal: Principal | undefined;
  /** Admitted without a token (WS_ALLOW_ANONYMOUS): may read public rooms only. */
  guest = false;
  readonly rooms = new Set<string>();
  /** Recent seqs written per direct room this socket receives as a user (not joined). */
  private readonly directSeen = new Map<string, Set<number>>();
  lastSeenAt = Date.now();
  /** Settles when the socket's earlier auth/join/leave frames are done; later frames wait for it. */
  barrier: Promise<void> = Promise.resolve();
  /** auth/join/leave frames not finished yet (no need to wait on the barrier when 0). */
  orderedInFlight = 0;
  rateViolations = 0;
  forbiddenAttempts = 0;
  closed = false;
  private readonly bucket: TokenBucket;
  private expiryTimer: NodeJS.Timeout | undefined;
  private corked = false;
  /** Bytes written since the socket was corked. */
  private corkedBytes = 0;

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    /** The TCP socket under `socket`, corked while a turn of the event loop writes frames. */
    private readonly transport: Pick<Duplex, 'cork' | 'uncork' | 'write'>,
    private readonly limits: ConnectionLimits,
    private readonly onSlowConsumer: () => void,
  ) {
    this.bucket = new TokenBucket(limits.ratePerSec, limits.burst, Date.now());
    // sendEncoded writes beside `ws`, which stays in order only while it never queues a frame:
    // it queues while compressing, so compression must never be negotiated.
    if (socket.extensions !== '') throw new Error(`WebSocket extensions "${socket.extensions}" negotiated; the edge writes frames itself and needs none`);
  }

  get userId(): string | null {
    return this.principal?.userId ?? null;
  }

  /** True the first time a seq of a direct room is seen (remembers the last 512 per room). */
  firstSightOf(room: string, seq: number): boolean {
    let seen = this.directSeen.get(room);
    if (!seen) this.directSeen.set(room, (seen = new Set()));
    if (seen.has(seq)) return false;
    seen.add(seq);
    if (seen.size > 512) seen.delete(seen.values().next().value as number);
    return true;
  }

  /** Takes a rate-limit token for one inbound frame. */
  allowFrame(): boolean {
    return this.bucket.take(Date.now());
  }

  /** Writes bytes or text as a text frame; a socket whose backlog passes the limit is cut with 4008. */
  send(data: Uint8Array | string): boolean {
    if (this.socket.readyState !== WebSocket.OPEN || !this.admit(typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength)) return false;
    this.socket.send(data, { binary: false });
    return true;
  }

  /**
   * Writes a frame encoded once for every recipient (encodeTextFrame) straight to the TCP socket.
   * Safe beside `ws`'s own writes because compression is off: `ws` then writes each frame to the
   * socket at once, in call order, and never holds one back.
   */
  sendEncoded(frame: Buffer): boolean {
    if (this.socket.readyState !== WebSocket.OPEN || !this.admit(frame.byteLength)) return false;
    this.transport.write(frame);
    return true;
  }

  /** Whether `size` more bytes may be written; a socket whose backlog passes the limit is cut with 4008. */
  private admit(size: number): boolean {
    if (this.closed) return false;
    // Corked bytes wait for the end of this turn, not for the client: they are no backlog yet.
    const backlog = this.socket.bufferedAmount - (this.corked ? this.corkedBytes : 0);
    if (backlog + size > this.limits.maxBufferedBytes) {
      this.onSlowConsumer();
      this.close(CLOSE.slowConsumer, 'send backlog over limit');
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
      this.transport.cork();
      process.nextTick(Connection.uncorkLater, this);
    }
    this.corkedBytes += size;
  }

  private uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.transport.uncork();
  }

  /** One function for every socket (a bound method per socket would cost memory on 10k idle ones). */
  private static uncorkLater(connection: Connection): void {
    connection.uncork();
  }

  sendFrame(type: string, payload?: object, id?: string): boolean {
    return this.send(JSON.stringify(id === undefined ? { type, payload } : { type, id, payload }));
  }

  reply(id: string | undefined, payload: object = {}): void {
    if (id !== undefined) this.sendFrame('ok', payload, id);
  }

  fail(id: string | undefined, code: ErrorKind, message: string): void {
    this.sendFrame('error', { code, message }, id);
  }

  /** Signs the socket in (or refreshes its token): it acts as `principal` until the token expires. */
  signIn(principal: Principal): void {
    this.principal = principal;
    this.guest = false;
    this.armExpiry(principal.expiresAt);
  }

  /** Closes with 4010 when the token expires unless a refresh re-arms this first. */
  private armExpiry(expiresAtSec: number): void {
    clearTimeout(this.expiryTimer);
    const inMs = expiresAtSec * 1000 - Date.now();
    this.expiryTimer = setTimeout(() => this.close(CLOSE.tokenExpired, 'token expired'), Math.max(0, Math.min(inMs, 2 ** 31 - 1)));
    this.expiryTimer.unref();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.socket.close(code, reason);
  }

  disposed(): void {
    this.closed = true;
    clearTimeout(this.expiryTimer);
  }
}

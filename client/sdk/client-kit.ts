// Small pieces the client library is made of: its error, ids, backoff and a typed event emitter.

/** A refused request (the edge's error code and message) or a client-side failure (`timeout`, `disconnected`, `closed`). */
export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/**
 * A random UUID (v4) for request ids and client_msg_id. Made from getRandomValues because browsers
 * offer crypto.randomUUID only on secure origins, and the app may be served over plain http.
 */
export function newId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Exponential backoff with full jitter (AWS's rule): spreads a crowd of reconnecting clients. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30)));
}

/** Handlers per event name, typed by an event map; a throwing handler does not stop the others. */
export class TypedEvents<Events extends object> {
  private readonly handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(type: K, handler: (payload: Events[K]) => void): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler as (payload: never) => void);
    this.handlers.set(type, set);
    return () => void set.delete(handler as (payload: never) => void);
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    for (const handler of [...(this.handlers.get(type) ?? [])]) {
      try {
        (handler as (payload: Events[K]) => void)(payload);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/**
 * Frames a connection may send, as a token bucket: the edge refuses frames beyond WS_RATE_PER_SEC
 * (default 50 a second, bursts of 100) and closes sockets that go on. The client stays under that
 * by waiting, so that a burst (unacknowledged sends flushed after a reconnect) is paced, in order,
 * instead of refused.
 */
export class FrameBudget {
  private tokens: number;
  private last: number;
  private readonly queue: (() => void)[] = [];
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly perSec: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Runs `send` now if the budget allows, else once it does; in the order asked. */
  spend(send: () => void): void {
    this.queue.push(send);
    this.drain();
  }

  /** Forgets what waits (the socket it was for is gone). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private drain(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSec);
    this.last = now;
    while (this.queue.length && this.tokens >= 1) {
      this.tokens--;
      this.queue.shift()!();
    }
    if (this.queue.length && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, Math.ceil(((1 - this.tokens) / this.perSec) * 1000));
    }
  }
}

/** When a JWT expires (ms since the epoch), read from its `exp` claim; undefined when it has none or is no JWT. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(globalThis.atob(part.padEnd(Math.ceil(part.length / 4) * 4, '='))) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

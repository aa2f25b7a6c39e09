import type { Transport } from '../session';

/** What the edge counts (Prometheus in production; its metric names are in the adapter). */
export interface EdgeTelemetryPort {
  /** A session of this transport opened (+1) or closed (-1). */
  connections(delta: 1 | -1, transport: Transport): void;
  /** A session signed in (+1), or a signed-in session closed (-1). */
  authenticated(delta: 1 | -1): void;
  /** A client frame of this type arrived (unknown types count as `other`). */
  received(type: string): void;
  /** Frames of this type were written to `count` sessions. */
  delivered(type: 'message:new' | 'event' | 'notification', count: number): void;
  /** Feed posts were written to `count` listeners of this transport. */
  feedEvents(transport: Transport, count: number): void;
  /** A failure answered to a client, or a socket cut (`slow_consumer`), by kind. */
  error(kind: string): void;
  /** Sessions joined to each room on this edge, sampled. */
  rooms(counts: Record<string, number>): void;
}

import type { TicketingEvent } from '#contracts/ticketing/ticketing-events';
import type { SeatEffect } from './seat-map.port';

/** A domain event recorded with the change it describes, and what that change does to the seat map. */
export interface OutboxEntry {
  event: TicketingEvent;
  seatEffect?: SeatEffect;
}

export interface OutboxRow extends OutboxEntry {
  id: string;
  /** Already on JetStream (an earlier pass failed on the seat effect). */
  published: boolean;
  createdAt: Date;
}

export interface RelayStep {
  /** Rows whose events are now on JetStream. */
  published(ids: string[]): void;
  /** Rows fully done. */
  done(ids: string[]): void;
}

/** The outbox in PostgreSQL, relayed by one process at a time, oldest first. */
export interface OutboxPort {
  /**
   * Hands up to `limit` pending rows, oldest first, to `relay` while holding the relay lock; what
   * `relay` marked is recorded when it returns (also when it throws). False when another process holds the lock.
   */
  relay(limit: number, relay: (rows: OutboxRow[], step: RelayStep) => Promise<void>): Promise<boolean>;
  /** Deletes rows relayed before `before`; returns how many. */
  prune(before: Date): Promise<number>;
  /** Age of the oldest pending row, in seconds (0 when none). */
  lagSeconds(): Promise<number>;
  /** Resolves when rows may have been added (by this process at once; by others, found when `ms` is up). */
  changed(ms: number): Promise<void>;
}

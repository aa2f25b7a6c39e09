import type { SeatStatus } from '../../domain/event.entity';
import type { Hold } from '../../domain/hold.entity';

/** What a committed booking change does to the live seat map (applied by the outbox relay). */
export interface SeatEffect {
  eventId: string;
  /** The hold the seats came from (its entries are replaced or freed). */
  holdId: string | null;
  bookingId: string;
  /** booked: the booking has them, unpaid; sold: paid; free: released. */
  to: 'booked' | 'sold' | 'free';
  seatIds: string[];
}

/** A seat of a booking that PostgreSQL says is active, for rebuilding the seat map. */
export interface BookedSeat {
  seatId: string;
  bookingId: string;
  sold: boolean;
}

export type HoldOutcome = { kind: 'held'; available: number } | { kind: 'taken'; seatIds: string[] } | { kind: 'unloaded' };
export type ReleaseOutcome = 'released' | 'missing' | 'not_yours' | 'queued';
export type ExtendOutcome = { kind: 'extended'; hold: Hold } | { kind: 'missing' | 'not_yours' | 'cap' };
export type QueueOutcome = { kind: 'queued'; hold: Hold } | { kind: 'already'; bookingId: string } | { kind: 'missing' | 'not_yours' };
export type SeatStatuses =
  | { kind: 'unloaded' }
  | {
      kind: 'ok';
      statuses: Map<string, SeatStatus>;
      available: number;
      /** Seats that came free while people were waiting: kept for the waiting list's offers (shown as held). */
      kept: string[];
    };

/** A queued hold that came due for its recheck: is its booking still waiting? */
export interface QueuedHoldRecheck {
  holdId: string;
  bookingId: string;
}

/**
 * The live seat map: holds (all seats or none, atomically), and a mirror of the seats bookings
 * hold in PostgreSQL, which is the record. A map that has been lost (Redis flushed or restarted
 * empty) answers `unloaded` until `load` rebuilds it from PostgreSQL. Every change is appended,
 * in the same atomic step, to the change feed (SeatChangeFeedPort).
 */
export interface SeatMapPort {
  /** Holds every seat or none. `fromWaitlist`: a waiting list's offer, which may take seats kept for the list. */
  hold(hold: Hold, now: Date, fromWaitlist?: boolean): Promise<HoldOutcome>;
  find(holdId: string): Promise<Hold | null>;
  /** Frees a hold's seats; `userId` null: whoever holds it (maintenance). A queued hold is not released. */
  release(holdId: string, userId: string | null, now: Date): Promise<ReleaseOutcome>;
  extend(holdId: string, userId: string, now: Date, ttlMs: number, maxExtensions: number): Promise<ExtendOutcome>;
  /** Marks a live hold as waiting for booking `bookingId`: it stops expiring; rechecked after `recheckMs`. */
  queue(holdId: string, userId: string, bookingId: string, now: Date, recheckMs: number): Promise<QueueOutcome>;
  /** Undoes `queue` (the booking was never recorded, or was cancelled while queued): the hold expires as before. */
  unqueue(holdId: string, bookingId: string): Promise<void>;
  apply(effect: SeatEffect): Promise<'applied' | 'unloaded'>;
  /** Rebuilds a lost seat map from PostgreSQL's booked seats (no-op when it is there). */
  load(eventId: string, totalSeats: number, booked: BookedSeat[]): Promise<void>;
  statuses(eventId: string, now: Date): Promise<SeatStatuses>;
  /** While on, seats that come free are kept for the waiting list; turned off, the kept ones are free. */
  keepForWaitlist(eventId: string, keep: boolean): Promise<void>;
  /** Events whose freed seats are being kept for a waiting list. */
  keeping(): Promise<string[]>;
  /** Releases holds expired by `now` (at most `limit`); returns queued holds due for a recheck. */
  sweep(now: Date, limit: number): Promise<{ released: number; recheck: QueuedHoldRecheck[] }>;
}

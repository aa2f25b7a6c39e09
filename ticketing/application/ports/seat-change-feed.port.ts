import type { SeatChange } from '#contracts/ticketing/ticketing-events';

export interface SeatChangeBatch {
  /** Feed positions, for `ack`. */
  ids: string[];
  changes: { id: string; eventId: string; available: number; seats: SeatChange[] }[];
}

/**
 * The seat map's changes in the order they happened, written atomically with them (an outbox in
 * Redis). One relay at a time reads it: `claim` answers only the holder of the relay lease.
 */
export interface SeatChangeFeedPort {
  /** Up to `limit` unrelayed changes if `owner` holds (or takes) the lease for `leaseMs`; null otherwise. */
  claim(owner: string, leaseMs: number, limit: number): Promise<SeatChangeBatch | null>;
  ack(ids: string[]): Promise<void>;
  /** Resolves when changes may have been added (by this process at once; by others, found when `ms` is up). */
  changed(ms: number): Promise<void>;
}

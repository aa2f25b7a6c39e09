/** How many bookings the queue holds in each state (the ops page's queue depth). */
export interface QueueCounts {
  /** Waiting for a worker. */
  waiting: number;
  /** Being worked on. */
  active: number;
  /** Waiting out a retry's backoff after an outage. */
  delayed: number;
  /** Given up after every attempt (kept only until removed: PostgreSQL has the outcome). */
  failed: number;
}

/** The booking queue (BullMQ `booking`): bookings wait here for the worker, first in first out. */
export interface BookingQueuePort {
  /** Queues the booking (once: a booking already queued stays where it is); resolves with how many wait before and with it. */
  enqueue(bookingId: string): Promise<number>;
  /** Ids of waiting bookings, next first. */
  waiting(limit: number): Promise<string[]>;
  /** Whether the booking is waiting or being worked on. */
  has(bookingId: string): Promise<boolean>;
  /** Counts a booking the worker is done with, for the pace. */
  finished(bookingId: string): Promise<void>;
  /** Bookings finished per second lately (for wait estimates); null before the first few. */
  throughput(): Promise<number | null>;
  /** Bookings in the queue by state, over every ticketing process. */
  counts(): Promise<QueueCounts>;
}

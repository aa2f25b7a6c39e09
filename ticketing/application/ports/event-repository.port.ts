import type { Event, Seat } from '../../domain/event.entity';
import type { BookedSeat } from './seat-map.port';
import type { OutboxEntry } from './outbox.port';

export interface EventPage {
  /** Events starting after this one (`starts_at`, then id). */
  after?: { startsAt: Date; id: string };
  limit: number;
}

/** Events and their seat maps in PostgreSQL. A seat map never changes once the event exists. */
export interface EventRepositoryPort {
  create(event: Event, seats: Seat[], outbox: OutboxEntry[]): Promise<void>;
  find(id: string): Promise<Event | null>;
  list(page: EventPage): Promise<Event[]>;
  seats(eventId: string): Promise<Seat[]>;
  /** Seats held by active bookings (pending with seats, or confirmed): the record the seat map is rebuilt from. */
  bookedSeats(eventId: string): Promise<BookedSeat[]>;
}

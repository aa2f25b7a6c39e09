import { inject, injectable } from 'tsyringe';
import { LRUCache } from 'lru-cache';
import type { Event, Seat } from '../domain/event.entity';
import { TicketingError } from '../domain/ticketing.errors';
import type { EventRepositoryPort } from './ports/event-repository.port';
import { EVENT_REPOSITORY } from '../tokens';

/** An event with its seat map, indexed for the hot path (every hold checks its seats here). */
export interface CatalogEntry {
  event: Event;
  seats: Seat[];
  seatsById: ReadonlyMap<string, Seat>;
}

/**
 * Events and seat maps read through a bounded cache: a seat map never changes once its event
 * exists, so an entry never goes stale. Concurrent misses of one event share one read.
 */
@injectable()
export class EventCatalog {
  private readonly cache = new LRUCache<string, Promise<CatalogEntry | null>>({ max: 1_000 });

  constructor(@inject(EVENT_REPOSITORY) private readonly events: EventRepositoryPort) {}

  /** The event and its seats; EVENT.NOT_FOUND when there is none. */
  async require(eventId: string): Promise<CatalogEntry> {
    const entry = await this.lookup(eventId);
    if (!entry) throw new TicketingError('EVENT.NOT_FOUND', 'no such event');
    return entry;
  }

  private lookup(eventId: string): Promise<CatalogEntry | null> {
    let entry = this.cache.get(eventId);
    if (!entry) {
      entry = this.load(eventId);
      this.cache.set(eventId, entry);
      // Misses and failures are not remembered: the event may be created, the database may come back.
      entry.then((found) => found ?? this.cache.delete(eventId), () => this.cache.delete(eventId));
    }
    return entry;
  }

  private async load(eventId: string): Promise<CatalogEntry | null> {
    const event = await this.events.find(eventId);
    if (!event) return null;
    const seats = await this.events.seats(eventId);
    return { event, seats, seatsById: new Map(seats.map((seat) => [seat.id, seat])) };
  }
}

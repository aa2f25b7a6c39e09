import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { validateSeatMap, type Event, type Seat } from '../../../domain/event.entity';
import { fromCents, toCents } from '../../../domain/money';
import type { EventRepositoryPort } from '../../ports/event-repository.port';
import type { ClockPort } from '../../ports/clock.port';
import type { TicketingSettings } from '../../ticketing-settings';
import { toEventView, type EventView } from '../../views';
import { CLOCK, EVENT_REPOSITORY, SETTINGS } from '../../../tokens';
import type { CreateEventRequest } from './create-event.schema';

/** Creates an event and its seat map; its event.created makes the event's room in the core. */
@injectable()
export class CreateEventUseCase {
  constructor(
    @inject(EVENT_REPOSITORY) private readonly events: EventRepositoryPort,
    @inject(SETTINGS) private readonly settings: TicketingSettings,
    @inject(CLOCK) private readonly clock: ClockPort,
  ) {}

  async run(organizerId: string, request: CreateEventRequest): Promise<EventView> {
    validateSeatMap(request.seats, this.settings.maxSeatsPerEvent);
    const event: Event = {
      id: randomUUID(),
      name: request.name,
      venue: request.venue,
      startsAt: new Date(request.starts_at),
      currency: request.currency,
      organizerId,
      createdAt: this.clock.now(),
      seatCount: request.seats.length,
    };
    // Prices are stored as given, normalised to two decimals ("25.5" → "25.50").
    const seats: Seat[] = request.seats.map((seat) => ({ id: randomUUID(), eventId: event.id, section: seat.section, row: seat.row, number: seat.number, price: fromCents(toCents(seat.price)) }));
    await this.events.create(event, seats, [{ event: { type: 'event.created', event_id: event.id, name: event.name, venue: event.venue, starts_at: event.startsAt.toISOString(), organizer_id: organizerId, seats: seats.length } }]);
    return toEventView(event);
  }
}

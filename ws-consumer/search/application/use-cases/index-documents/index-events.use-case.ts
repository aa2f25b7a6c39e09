import { inject, injectable } from 'tsyringe';
import type { TicketingEvent } from '#contracts/ticketing/ticketing-events';
import type { SearchIndexPort } from '../../ports/search-index.port';
import { SEARCH_INDEX } from '../../../tokens';

type EventCreated = Extract<TicketingEvent, { type: 'event.created' }>;

/** Indexes the events ticketing announces (event.created). */
@injectable()
export class IndexEventsUseCase {
  constructor(@inject(SEARCH_INDEX) private readonly index: SearchIndexPort) {}

  run(events: EventCreated[]): Promise<void> {
    return this.index.indexEvents(
      events.map((e) => ({ eventId: e.event_id, name: e.name, venue: e.venue ?? null, startsAt: e.starts_at ? new Date(e.starts_at) : null, organizerId: e.organizer_id })),
    );
  }
}

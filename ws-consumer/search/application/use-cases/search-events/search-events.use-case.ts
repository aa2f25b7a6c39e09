import { inject, injectable } from 'tsyringe';
import { searchText } from '../../../domain/search-query';
import type { SearchIndexPort } from '../../ports/search-index.port';
import type { EventHitPage, EventSearchQuery } from '../../search.schema';
import { SEARCH_INDEX } from '../../../tokens';

/** Ticketing's events by words of their name or venue. */
@injectable()
export class SearchEventsUseCase {
  constructor(@inject(SEARCH_INDEX) private readonly index: SearchIndexPort) {}

  async run(query: EventSearchQuery): Promise<EventHitPage> {
    const page = await this.index.searchEvents({ text: searchText(query.q), limit: query.limit, cursor: query.cursor });
    return {
      items: page.items.map((e) => ({ id: e.eventId, name: e.name, venue: e.venue, starts_at: e.startsAt?.toISOString() ?? null, organizer_id: e.organizerId })),
      next_cursor: page.nextCursor,
    };
  }
}

import { inject, injectable } from 'tsyringe';
import type { EventRepositoryPort } from '../../ports/event-repository.port';
import { decodeCursor, encodeCursor } from '../../cursor';
import type { PageQuery } from '../../params';
import { toEventView, type EventView } from '../../views';
import { EVENT_REPOSITORY } from '../../../tokens';

/** Events by start time, a page at a time. */
@injectable()
export class ListEventsUseCase {
  constructor(@inject(EVENT_REPOSITORY) private readonly events: EventRepositoryPort) {}

  async run(query: PageQuery): Promise<{ items: EventView[]; next_cursor?: string }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const events = await this.events.list({ after: after && { startsAt: after.time, id: after.id }, limit: query.limit + 1 });
    const items = events.slice(0, query.limit).map(toEventView);
    const last = events[query.limit - 1];
    return events.length > query.limit ? { items, next_cursor: encodeCursor(last.startsAt, last.id) } : { items };
  }
}

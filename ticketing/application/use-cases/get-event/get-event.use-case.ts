import { injectable } from 'tsyringe';
import { EventCatalog } from '../../event-catalog';
import { toEventView, type EventView } from '../../views';

@injectable()
export class GetEventUseCase {
  constructor(private readonly catalog: EventCatalog) {}

  async run(eventId: string): Promise<EventView> {
    return toEventView((await this.catalog.require(eventId)).event);
  }
}

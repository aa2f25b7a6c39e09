import { inject, injectable } from 'tsyringe';
import { EventCatalog } from '../../event-catalog';
import { LiveSeatMap } from '../../live-seat-map';
import type { ClockPort } from '../../ports/clock.port';
import { toSeatView, type SeatView } from '../../views';
import { CLOCK } from '../../../tokens';

/** The seat map with each seat's live status, and how many are free. */
@injectable()
export class GetSeatsUseCase {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly seatMap: LiveSeatMap,
    @inject(CLOCK) private readonly clock: ClockPort,
  ) {}

  async run(eventId: string): Promise<{ items: SeatView[]; available: number }> {
    const { seats } = await this.catalog.require(eventId);
    const { statuses, available } = await this.seatMap.statuses(eventId, this.clock.now());
    return { items: seats.map((seat) => toSeatView(seat, statuses.get(seat.id) ?? 'free')), available };
  }
}

import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { TicketingError } from '../../../domain/ticketing.errors';
import { EventCatalog } from '../../event-catalog';
import { LiveSeatMap } from '../../live-seat-map';
import type { ClockPort } from '../../ports/clock.port';
import type { SeatMapPort } from '../../ports/seat-map.port';
import type { WaitlistRepositoryPort } from '../../ports/waitlist-repository.port';
import type { TicketingSettings } from '../../ticketing-settings';
import { toWaitlistView, type WaitlistView } from '../../views';
import { CLOCK, SEAT_MAP, SETTINGS, WAITLIST_REPOSITORY } from '../../../tokens';
import type { WaitlistRequest } from './join-waitlist.schema';

/**
 * Puts the caller on a sold-out event's waiting list. From then on seats that come free are
 * kept for the list (not sold to whoever is quickest) and offered in turn as holds.
 */
@injectable()
export class JoinWaitlistUseCase {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly liveSeatMap: LiveSeatMap,
    @inject(SEAT_MAP) private readonly seatMap: SeatMapPort,
    @inject(WAITLIST_REPOSITORY) private readonly waitlist: WaitlistRepositoryPort,
    @inject(SETTINGS) private readonly settings: TicketingSettings,
    @inject(CLOCK) private readonly clock: ClockPort,
  ) {}

  async run(userId: string, eventId: string, request: WaitlistRequest): Promise<WaitlistView> {
    await this.catalog.require(eventId);
    const max = this.settings.maxSeatsPerHold;
    if (request.seats > max) throw new TicketingError('HOLD.TOO_MANY_SEATS', `at most ${max} seats a hold`, { max });
    const { available } = await this.liveSeatMap.statuses(eventId, this.clock.now());
    if (available > 0) throw new TicketingError('WAITLIST.NOT_SOLD_OUT', `${available} ${available === 1 ? 'seat is' : 'seats are'} free: hold ${available === 1 ? 'it' : 'them'} instead`, { available });
    const entry = await this.waitlist.join({ id: randomUUID(), eventId, userId, seats: request.seats, status: 'waiting', holdId: null, offeredUntil: null, createdAt: this.clock.now() });
    await this.seatMap.keepForWaitlist(eventId, true);
    return toWaitlistView(entry);
  }
}

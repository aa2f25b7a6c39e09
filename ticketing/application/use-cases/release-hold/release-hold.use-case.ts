import { inject, injectable } from 'tsyringe';
import { TicketingError } from '../../../domain/ticketing.errors';
import type { ClockPort } from '../../ports/clock.port';
import type { SeatMapPort } from '../../ports/seat-map.port';
import { CLOCK, SEAT_MAP } from '../../../tokens';

/** Gives a hold's seats back. A hold whose booking waits in the queue is released by cancelling the booking. */
@injectable()
export class ReleaseHoldUseCase {
  constructor(
    @inject(SEAT_MAP) private readonly seatMap: SeatMapPort,
    @inject(CLOCK) private readonly clock: ClockPort,
  ) {}

  async run(userId: string, holdId: string): Promise<void> {
    const outcome = await this.seatMap.release(holdId, userId, this.clock.now());
    if (outcome === 'missing') throw new TicketingError('HOLD.NOT_FOUND', 'no such hold (it may have expired)');
    if (outcome === 'not_yours') throw new TicketingError('HOLD.NOT_YOURS', 'this hold belongs to someone else');
    if (outcome === 'queued') throw new TicketingError('HOLD.QUEUED', 'a booking of this hold is in the queue: cancel the booking instead');
  }
}

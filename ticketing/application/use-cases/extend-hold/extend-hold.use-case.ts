import { inject, injectable } from 'tsyringe';
import { MAX_HOLD_EXTENSIONS } from '../../../domain/hold.entity';
import { TicketingError } from '../../../domain/ticketing.errors';
import type { ClockPort } from '../../ports/clock.port';
import type { SeatMapPort } from '../../ports/seat-map.port';
import type { TicketingSettings } from '../../ticketing-settings';
import { toHoldView, type HoldView } from '../../views';
import { CLOCK, SEAT_MAP, SETTINGS } from '../../../tokens';

/** Renews a live hold for another HOLD_TTL from now, at most MAX_HOLD_EXTENSIONS times. */
@injectable()
export class ExtendHoldUseCase {
  constructor(
    @inject(SEAT_MAP) private readonly seatMap: SeatMapPort,
    @inject(SETTINGS) private readonly settings: TicketingSettings,
    @inject(CLOCK) private readonly clock: ClockPort,
  ) {}

  async run(userId: string, holdId: string): Promise<HoldView> {
    const outcome = await this.seatMap.extend(holdId, userId, this.clock.now(), this.settings.holdTtlMs, MAX_HOLD_EXTENSIONS);
    switch (outcome.kind) {
      case 'extended':
        return toHoldView(outcome.hold, MAX_HOLD_EXTENSIONS);
      case 'missing':
        throw new TicketingError('HOLD.NOT_FOUND', 'no such hold (it may have expired)');
      case 'not_yours':
        throw new TicketingError('HOLD.NOT_YOURS', 'this hold belongs to someone else');
      case 'cap':
        throw new TicketingError('HOLD.EXTENSIONS_USED', `a hold is extended at most ${MAX_HOLD_EXTENSIONS} times`, { max: MAX_HOLD_EXTENSIONS });
    }
  }
}

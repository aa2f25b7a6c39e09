import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { MAX_HOLD_EXTENSIONS, validateHoldRequest, type Hold } from '../../../domain/hold.entity';
import { TicketingError } from '../../../domain/ticketing.errors';
import { EventCatalog } from '../../event-catalog';
import { LiveSeatMap } from '../../live-seat-map';
import type { ClockPort } from '../../ports/clock.port';
import type { TicketingTelemetryPort } from '../../ports/ticketing-telemetry.port';
import type { TicketingSettings } from '../../ticketing-settings';
import { toHoldView, type HoldView } from '../../views';
import { CLOCK, SETTINGS, TELEMETRY } from '../../../tokens';
import type { HoldRequest } from './hold-seats.schema';

/** Holds every requested seat for the caller, or none: SEAT.TAKEN names the seats someone else has. */
@injectable()
export class HoldSeatsUseCase {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly seatMap: LiveSeatMap,
    @inject(SETTINGS) private readonly settings: TicketingSettings,
    @inject(CLOCK) private readonly clock: ClockPort,
    @inject(TELEMETRY) private readonly telemetry: TicketingTelemetryPort,
  ) {}

  async run(userId: string, eventId: string, request: HoldRequest): Promise<HoldView> {
    const { seatsById } = await this.catalog.require(eventId);
    try {
      validateHoldRequest(request.seat_ids, seatsById, this.settings.maxSeatsPerHold);
    } catch (error) {
      this.telemetry.holdRefused('invalid');
      throw error;
    }
    return toHoldView(await this.take(userId, eventId, request.seat_ids, this.settings.holdTtlMs), MAX_HOLD_EXTENSIONS);
  }

  /** Holds the seats for `userId` for `ttlMs`; `fromWaitlist`: an offer, which may take seats kept for the list. */
  async take(userId: string, eventId: string, seatIds: string[], ttlMs: number, fromWaitlist = false): Promise<Hold> {
    const now = this.clock.now();
    const hold: Hold = { id: randomUUID(), eventId, userId, seatIds, expiresAt: new Date(now.getTime() + ttlMs), extensions: 0, bookingId: null, fromWaitlist };
    const outcome = await this.seatMap.hold(hold, now, fromWaitlist);
    if (outcome.kind === 'taken') {
      this.telemetry.holdRefused('taken');
      throw new TicketingError('SEAT.TAKEN', `${outcome.seatIds.length} of the seats ${outcome.seatIds.length === 1 ? 'is' : 'are'} held or sold`, { seat_ids: outcome.seatIds });
    }
    this.telemetry.holdGranted(seatIds.length);
    return hold;
  }
}

import { inject, injectable } from 'tsyringe';
import type { BookingQueuePort } from '../../ports/booking-queue.port';
import type { BookingRepositoryPort, BookingUnit } from '../../ports/booking-repository.port';
import type { ClockPort } from '../../ports/clock.port';
import type { SeatMapPort } from '../../ports/seat-map.port';
import type { TicketingTelemetryPort } from '../../ports/ticketing-telemetry.port';
import type { TicketingSettings } from '../../ticketing-settings';
import { bookingFailed, bookingProcessing } from '../../booking-events';
import { BOOKING_QUEUE, BOOKING_REPOSITORY, CLOCK, SEAT_MAP, SETTINGS, TELEMETRY } from '../../../tokens';

export type ProcessOutcome = 'reserved' | 'failed' | 'skipped';

/**
 * The booking worker's step: checks the booking's hold (its owner's, still queued for it) and
 * makes the booking the holder of its seats in PostgreSQL, whose partial unique index refuses a
 * seat another active booking has, whatever Redis says. Idempotent: a redelivered job of a booking
 * that is no longer waiting does nothing.
 */
@injectable()
export class ProcessBookingUseCase {
  constructor(
    @inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepositoryPort,
    @inject(SEAT_MAP) private readonly seatMap: SeatMapPort,
    @inject(BOOKING_QUEUE) private readonly queue: BookingQueuePort,
    @inject(SETTINGS) private readonly settings: TicketingSettings,
    @inject(CLOCK) private readonly clock: ClockPort,
    @inject(TELEMETRY) private readonly telemetry: TicketingTelemetryPort,
  ) {}

  async run(bookingId: string): Promise<ProcessOutcome> {
    const outcome = (await this.bookings.change(bookingId, (unit) => this.process(unit))) ?? 'skipped';
    if (outcome !== 'skipped') await this.queue.finished(bookingId);
    return outcome;
  }

  private async process(unit: BookingUnit): Promise<ProcessOutcome> {
    const { booking } = unit;
    if (booking.status !== 'pending' || booking.payBy) return 'skipped';
    const now = this.clock.now();
    this.telemetry.queueWaited((now.getTime() - booking.createdAt.getTime()) / 1000);
    const hold = await this.seatMap.find(booking.holdId);
    if (!hold || hold.bookingId !== booking.id || hold.userId !== booking.userId) return this.fail(unit, 'hold_lost');
    if (!(await unit.takeSeats())) return this.fail(unit, 'seats_taken');
    const payBy = new Date(now.getTime() + this.settings.paymentTtlMs);
    await unit.update({ payBy });
    unit.emit(bookingProcessing(booking, payBy));
    return 'reserved';
  }

  private async fail(unit: BookingUnit, reason: string): Promise<ProcessOutcome> {
    await unit.update({ status: 'failed', failureReason: reason });
    unit.emit(bookingProcessing(unit.booking), bookingFailed(unit.booking, 'failed', reason));
    this.telemetry.bookingFinished('failed');
    return 'failed';
  }
}

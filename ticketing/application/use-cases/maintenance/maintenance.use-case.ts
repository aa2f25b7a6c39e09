import { inject, injectable } from 'tsyringe';
import type { WaitlistEntry } from '../../../domain/waitlist.entity';
import { TicketingError } from '../../../domain/ticketing.errors';
import { EventCatalog } from '../../event-catalog';
import { LiveSeatMap } from '../../live-seat-map';
import type { BookingQueuePort } from '../../ports/booking-queue.port';
import type { BookingRepositoryPort } from '../../ports/booking-repository.port';
import type { ClockPort } from '../../ports/clock.port';
import type { OutboxPort } from '../../ports/outbox.port';
import type { SeatMapPort } from '../../ports/seat-map.port';
import type { TicketingTelemetryPort } from '../../ports/ticketing-telemetry.port';
import type { WaitlistRepositoryPort } from '../../ports/waitlist-repository.port';
import type { TicketingSettings } from '../../ticketing-settings';
import { bookingFailed } from '../../booking-events';
import { estimatedWaitSeconds } from '../../queue-estimate';
import { HoldSeatsUseCase } from '../hold-seats/hold-seats.use-case';
import { BOOKING_QUEUE, BOOKING_REPOSITORY, CLOCK, OUTBOX, SEAT_MAP, SETTINGS, TELEMETRY, WAITLIST_REPOSITORY } from '../../../tokens';

const BATCH = 500;

/**
 * The repeatable jobs that keep the system honest whatever crashed: holds expire, unpaid
 * bookings expire, waiting-list offers pass on, queued bookings are told their place, and no
 * booking stays pending because a queue job was lost.
 */
@injectable()
export class MaintenanceUseCase {
  constructor(
    @inject(SEAT_MAP) private readonly seatMap: SeatMapPort,
    private readonly liveSeatMap: LiveSeatMap,
    private readonly catalog: EventCatalog,
    private readonly holds: HoldSeatsUseCase,
    @inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepositoryPort,
    @inject(WAITLIST_REPOSITORY) private readonly waitlist: WaitlistRepositoryPort,
    @inject(BOOKING_QUEUE) private readonly queue: BookingQueuePort,
    @inject(OUTBOX) private readonly outbox: OutboxPort,
    @inject(SETTINGS) private readonly settings: TicketingSettings,
    @inject(CLOCK) private readonly clock: ClockPort,
    @inject(TELEMETRY) private readonly telemetry: TicketingTelemetryPort,
  ) {}

  /** Frees the seats of expired holds; a queued hold whose booking was never recorded goes back to expiring. */
  async releaseExpiredHolds(): Promise<number> {
    const { released, recheck } = await this.seatMap.sweep(this.clock.now(), BATCH);
    for (const { holdId, bookingId } of recheck) {
      if (!(await this.bookings.find(bookingId))) await this.seatMap.unqueue(holdId, bookingId);
    }
    return released;
  }

  /** Bookings not paid by their deadline expire and free their seats. */
  async expireUnpaidBookings(): Promise<number> {
    let expired = 0;
    for (const bookingId of await this.bookings.unpaid(this.clock.now(), BATCH)) {
      const done = await this.bookings.change(bookingId, async (unit) => {
        const { booking } = unit;
        if (booking.status !== 'pending' || !booking.payBy || booking.payBy > this.clock.now()) return false;
        await unit.releaseSeats();
        await unit.update({ status: 'expired', failureReason: 'payment_timeout' });
        unit.emit(bookingFailed(booking, 'expired', 'payment_timeout'));
        return true;
      });
      if (done) {
        expired++;
        this.telemetry.bookingFinished('expired');
      }
    }
    return expired;
  }

  /** Queues again the pending bookings whose queue job is gone (Redis lost it, or it failed for good). */
  async requeueStalledBookings(): Promise<number> {
    let requeued = 0;
    for (const bookingId of await this.bookings.waitingSince(new Date(this.clock.now().getTime() - this.settings.requeueAfterMs), BATCH)) {
      if (await this.queue.has(bookingId)) continue;
      await this.queue.enqueue(bookingId);
      requeued++;
    }
    return requeued;
  }

  /** Tells the owners of queued bookings their new places. */
  async reportQueuePositions(): Promise<number> {
    const waiting = await this.queue.waiting(1_000);
    if (waiting.length === 0) return 0;
    const perSecond = await this.queue.throughput();
    return this.bookings.reportPositions(waiting.map((bookingId, i) => ({ bookingId, position: i + 1, estimatedWaitSeconds: estimatedWaitSeconds(i + 1, perSecond) })));
  }

  /** Relayed outbox rows are kept a day (for looking into what happened), then deleted. */
  pruneOutbox(): Promise<number> {
    return this.outbox.prune(new Date(this.clock.now().getTime() - 86_400_000));
  }

  /** Offers not taken in time expire (their holds are freed, and kept for the next in line); free seats are offered in turn. */
  async serveWaitlists(): Promise<number> {
    const now = this.clock.now();
    for (const entry of await this.waitlist.expireOffers(now, BATCH)) {
      if (entry.holdId) await this.seatMap.release(entry.holdId, null, now);
    }
    // Events whose list emptied are visited too, so the seats kept for it are given back.
    const events = new Set([...(await this.waitlist.eventsWaiting(BATCH)), ...(await this.seatMap.keeping())]);
    let offers = 0;
    for (const eventId of events) offers += await this.offerSeats(eventId);
    return offers;
  }

  private async offerSeats(eventId: string): Promise<number> {
    const entries = await this.waitlist.next(eventId, 20);
    if (entries.length === 0) {
      await this.seatMap.keepForWaitlist(eventId, false);
      return 0;
    }
    const { statuses, kept } = await this.liveSeatMap.statuses(eventId, this.clock.now());
    const { seats } = await this.catalog.require(eventId);
    // Kept seats first, then any free ones, in seat-map order, so an offer's seats sit together where they can.
    const order = new Map(seats.map((seat, i) => [seat.id, i]));
    const pool = [...kept, ...seats.filter((seat) => statuses.get(seat.id) === 'free').map((seat) => seat.id)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    let offers = 0;
    for (const entry of entries) {
      // First come, first served: the next in line is not skipped for a smaller request.
      if (pool.length < entry.seats) break;
      if (await this.offer(entry, pool.splice(0, entry.seats))) offers++;
    }
    return offers;
  }

  private async offer(entry: WaitlistEntry, seatIds: string[]): Promise<boolean> {
    let hold;
    try {
      hold = await this.holds.take(entry.userId, entry.eventId, seatIds, this.settings.offerTtlMs, true);
    } catch (error) {
      if (error instanceof TicketingError && error.code === 'SEAT.TAKEN') return false;
      throw error;
    }
    const expiresAt = hold.expiresAt.toISOString();
    const offered = await this.waitlist.offer(entry.id, hold.id, hold.expiresAt, [{ event: { type: 'waitlist.offered', user_id: entry.userId, event_id: entry.eventId, hold_id: hold.id, seat_ids: seatIds, expires_at: expiresAt } }]);
    if (!offered) await this.seatMap.release(hold.id, null, this.clock.now());
    return offered;
  }
}

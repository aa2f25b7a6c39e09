import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'tsyringe';
import { seatLabel } from '../../../domain/event.entity';
import type { Hold } from '../../../domain/hold.entity';
import { bookingReference, type Booking } from '../../../domain/booking.entity';
import { sum } from '../../../domain/money';
import { TicketingError } from '../../../domain/ticketing.errors';
import { EventCatalog } from '../../event-catalog';
import type { BookingQueuePort } from '../../ports/booking-queue.port';
import type { BookingRepositoryPort } from '../../ports/booking-repository.port';
import type { ClockPort } from '../../ports/clock.port';
import type { SeatMapPort } from '../../ports/seat-map.port';
import type { WaitlistRepositoryPort } from '../../ports/waitlist-repository.port';
import { estimatedWaitSeconds } from '../../queue-estimate';
import { BOOKING_QUEUE, BOOKING_REPOSITORY, CLOCK, SEAT_MAP, WAITLIST_REPOSITORY } from '../../../tokens';
import type { BookingAccepted, BookingRequest } from './request-booking.schema';

/** A queued hold whose booking is not in PostgreSQL after this long is given back to expiry. */
export const QUEUED_HOLD_RECHECK_MS = 60_000;
/** How long a second request for a hold waits for the first one's booking to be recorded. */
const EXISTING_WAIT_MS = 2_000;

/**
 * Books a hold: the hold stops expiring, a pending booking is recorded, and the booking joins
 * the queue, where the worker takes it. Asking again for the same hold answers the same booking.
 */
@injectable()
export class RequestBookingUseCase {
  constructor(
    private readonly catalog: EventCatalog,
    @inject(SEAT_MAP) private readonly seatMap: SeatMapPort,
    @inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepositoryPort,
    @inject(WAITLIST_REPOSITORY) private readonly waitlist: WaitlistRepositoryPort,
    @inject(BOOKING_QUEUE) private readonly queue: BookingQueuePort,
    @inject(CLOCK) private readonly clock: ClockPort,
  ) {}

  async run(userId: string, request: BookingRequest): Promise<BookingAccepted> {
    const now = this.clock.now();
    const bookingId = randomUUID();
    // The script checks the hold (there, live, the caller's, not yet queued) and queues it in one step.
    const queued = await this.seatMap.queue(request.hold_id, userId, bookingId, now, QUEUED_HOLD_RECHECK_MS);
    if (queued.kind === 'already') return this.existing(queued.bookingId);
    if (queued.kind !== 'queued') {
      throw queued.kind === 'not_yours' ? new TicketingError('HOLD.NOT_YOURS', 'this hold belongs to someone else') : new TicketingError('HOLD.NOT_FOUND', 'no such hold (it may have expired)');
    }
    let saved: Booking;
    try {
      saved = await this.bookings.create(await this.draft(bookingId, queued.hold, now), []);
    } catch (error) {
      await this.seatMap.unqueue(queued.hold.id, bookingId).catch(() => undefined);
      throw error;
    }
    if (queued.hold.fromWaitlist) await this.waitlist.fulfil(queued.hold.id);
    const position = await this.queue.enqueue(saved.id);
    await this.bookings.reportPositions([{ bookingId: saved.id, position, estimatedWaitSeconds: estimatedWaitSeconds(position, await this.queue.throughput()) }]);
    return { id: saved.id, status: 'pending', queue_position: position };
  }

  private async draft(id: string, hold: Hold, now: Date): Promise<Booking> {
    const { event, seatsById } = await this.catalog.require(hold.eventId);
    const seats = hold.seatIds.map((id) => seatsById.get(id)).filter((seat) => seat !== undefined);
    return {
      id,
      eventId: event.id,
      userId: hold.userId,
      holdId: hold.id,
      status: 'pending',
      reference: bookingReference(randomBytes(6)),
      seatIds: hold.seatIds,
      seatNumbers: seats.map(seatLabel),
      totalAmount: sum(seats.map((seat) => seat.price)),
      currency: event.currency,
      failureReason: null,
      payBy: null,
      queuePosition: null,
      createdAt: now,
    };
  }

  /** The booking already made of the hold; a request for it a moment ago may still be recording it. */
  private async existing(bookingId: string): Promise<BookingAccepted> {
    let booking = await this.bookings.find(bookingId);
    for (let wait = 0; !booking && wait < EXISTING_WAIT_MS; wait += 50) {
      await sleep(50);
      booking = await this.bookings.find(bookingId);
    }
    if (!booking) throw new TicketingError('HOLD.QUEUED', 'this hold is being booked; try again in a moment');
    if (booking.status !== 'pending') throw new TicketingError('HOLD.NOT_FOUND', `this hold was booked already (booking ${booking.id} is ${booking.status})`, { booking_id: booking.id });
    return { id: booking.id, status: 'pending', queue_position: Math.max(1, booking.queuePosition ?? 1) };
  }
}

import type { TicketingEvent } from '#contracts/ticketing/ticketing-events';
import type { Booking } from '../domain/booking.entity';
import type { OutboxEntry } from './ports/outbox.port';

// The outbox entries of booking changes, built in one place so every path tells the same story.

type Of<T extends TicketingEvent['type']> = Extract<TicketingEvent, { type: T }>;

/** The fields every booking and payment event starts with. */
export const about = (booking: Booking) => ({ user_id: booking.userId, booking_id: booking.id });

/** The booking ends without seats: they (or its hold's) are free again. */
export function bookingFailed(booking: Booking, status: 'failed' | 'expired', reason: string): OutboxEntry {
  const event: Of<'booking.failed'> = { type: 'booking.failed', ...about(booking), event_id: booking.eventId, status, reason };
  return { event, seatEffect: freeSeats(booking) };
}

export function bookingProcessing(booking: Booking, payBy?: Date): OutboxEntry {
  const event: Of<'booking.processing'> = { type: 'booking.processing', ...about(booking), event_id: booking.eventId };
  if (!payBy || booking.totalAmount === null) return { event };
  return {
    event: { ...event, total_amount: booking.totalAmount, currency: booking.currency, pay_by: payBy.toISOString() },
    seatEffect: { eventId: booking.eventId, holdId: booking.holdId, bookingId: booking.id, to: 'booked', seatIds: booking.seatIds },
  };
}

export function bookingConfirmed(booking: Booking & { totalAmount: string }): OutboxEntry {
  return {
    event: { type: 'booking.confirmed', ...about(booking), booking_reference: booking.reference, event_id: booking.eventId, seat_numbers: booking.seatNumbers, total_amount: booking.totalAmount, currency: booking.currency },
    seatEffect: { eventId: booking.eventId, holdId: null, bookingId: booking.id, to: 'sold', seatIds: booking.seatIds },
  };
}

export function bookingCancelled(booking: Booking, refunded: boolean): OutboxEntry {
  return { event: { type: 'booking.cancelled', ...about(booking), event_id: booking.eventId, refunded }, seatEffect: freeSeats(booking) };
}

function freeSeats(booking: Booking): OutboxEntry['seatEffect'] {
  return { eventId: booking.eventId, holdId: booking.holdId, bookingId: booking.id, to: 'free', seatIds: booking.seatIds };
}

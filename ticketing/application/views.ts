import { z } from 'zod';
import { eventRoom } from '#contracts/ticketing/ticketing-names';
import { seatLabel, type Event, type Seat, type SeatStatus } from '../domain/event.entity';
import type { Hold } from '../domain/hold.entity';
import type { Booking } from '../domain/booking.entity';
import type { Payment } from '../domain/payment.entity';
import type { WaitlistEntry } from '../domain/waitlist.entity';

// What clients see: snake_case JSON, money as decimal strings, times as ISO 8601.

const Uuid = z.uuid().meta({ example: '0b8f4f2e-6a8d-4c62-9a57-6d1f2f0e7c11' });
const Money = z.string().meta({ example: '25.50', description: 'a decimal amount, two decimals' });
const Time = z.string().meta({ example: '2027-03-01T19:30:00.000Z' });
const Currency = z.string().meta({ description: 'ISO 4217', example: 'EUR' });
const UserId = z.string().meta({ example: '42' });

export const EventViewSchema = z
  .object({ id: Uuid, name: z.string().meta({ example: 'Hamlet, opening night' }), venue: z.string().meta({ example: 'Globe Theatre' }), starts_at: Time, currency: Currency, organizer_id: UserId, seats: z.number().int().meta({ description: 'seats in its seat map', example: 120 }), room: z.string().meta({ description: 'the chat room of its live seat map (ticket:availability)', example: 'event:0b8f4f2e-6a8d-4c62-9a57-6d1f2f0e7c11' }), created_at: Time })
  .meta({ id: 'Event' });
export type EventView = z.infer<typeof EventViewSchema>;

export function toEventView(event: Event): EventView {
  return {
    id: event.id,
    name: event.name,
    venue: event.venue,
    starts_at: event.startsAt.toISOString(),
    currency: event.currency,
    organizer_id: event.organizerId,
    seats: event.seatCount,
    room: eventRoom(event.id),
    created_at: event.createdAt.toISOString(),
  };
}

export const SeatViewSchema = z
  .object({ id: Uuid, section: z.string().meta({ example: 'Stalls' }), row: z.string().meta({ example: 'B' }), number: z.number().int().meta({ example: 7 }), label: z.string().meta({ example: 'Stalls B7' }), price: Money, status: z.enum(['free', 'held', 'sold']) })
  .meta({ id: 'Seat' });
export type SeatView = z.infer<typeof SeatViewSchema>;

export function toSeatView(seat: Seat, status: SeatStatus): SeatView {
  return { id: seat.id, section: seat.section, row: seat.row, number: seat.number, label: seatLabel(seat), price: seat.price, status };
}

export const HoldViewSchema = z
  .object({ id: Uuid, event_id: Uuid, seat_ids: z.array(Uuid), expires_at: Time, extensions_left: z.number().int().meta({ example: 3 }) })
  .meta({ id: 'Hold' });
export type HoldView = z.infer<typeof HoldViewSchema>;

export function toHoldView(hold: Hold, maxExtensions: number): HoldView {
  return { id: hold.id, event_id: hold.eventId, seat_ids: hold.seatIds, expires_at: hold.expiresAt.toISOString(), extensions_left: maxExtensions - hold.extensions };
}

export const BookingViewSchema = z
  .object({
    id: Uuid,
    event_id: Uuid,
    status: z.enum(['pending', 'confirmed', 'failed', 'expired', 'cancelled']),
    booking_reference: z.string().meta({ example: 'K7QX2M' }),
    seat_ids: z.array(Uuid),
    seat_numbers: z.array(z.string()).meta({ example: ['Stalls B7', 'Stalls B8'] }),
    total_amount: Money.nullable().meta({ description: 'known once the booking holds its seats' }),
    currency: Currency,
    pay_by: Time.nullable().meta({ description: 'pay before this, or the booking expires and its seats are freed' }),
    failure_reason: z.string().nullable().meta({ description: 'why it failed or expired (payment_declined, payment_timeout, …); null otherwise', example: null }),
    created_at: Time,
  })
  .meta({ id: 'Booking' });
export type BookingView = z.infer<typeof BookingViewSchema>;

export function toBookingView(booking: Booking): BookingView {
  return {
    id: booking.id,
    event_id: booking.eventId,
    status: booking.status,
    booking_reference: booking.reference,
    seat_ids: booking.seatIds,
    seat_numbers: booking.seatNumbers,
    total_amount: booking.totalAmount,
    currency: booking.currency,
    pay_by: booking.payBy?.toISOString() ?? null,
    failure_reason: booking.failureReason,
    created_at: booking.createdAt.toISOString(),
  };
}

export const PaymentViewSchema = z
  .object({ id: Uuid, booking_id: Uuid, status: z.enum(['succeeded', 'declined', 'refunded']), amount: Money, currency: Currency, decline_reason: z.string().nullable().meta({ description: 'the gateway\'s reason when declined (card_declined); null otherwise', example: null }) })
  .meta({ id: 'Payment' });
export type PaymentView = z.infer<typeof PaymentViewSchema>;

export function toPaymentView(payment: Payment): PaymentView {
  return { id: payment.id, booking_id: payment.bookingId, status: payment.status, amount: payment.amount, currency: payment.currency, decline_reason: payment.declineReason };
}

export const WaitlistViewSchema = z
  .object({ id: Uuid, event_id: Uuid, seats: z.number().int().meta({ example: 2 }), status: z.enum(['waiting', 'offered', 'fulfilled', 'expired', 'cancelled']), hold_id: Uuid.nullable(), offered_until: Time.nullable(), created_at: Time })
  .meta({ id: 'WaitlistEntry' });
export type WaitlistView = z.infer<typeof WaitlistViewSchema>;

export function toWaitlistView(entry: WaitlistEntry): WaitlistView {
  return { id: entry.id, event_id: entry.eventId, seats: entry.seats, status: entry.status, hold_id: entry.holdId, offered_until: entry.offeredUntil?.toISOString() ?? null, created_at: entry.createdAt.toISOString() };
}

/** A page of items with the cursor of the next one. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  const cursor = z.string().optional().meta({ description: 'pass as cursor for the next page; absent on the last page', example: 'MjAyNy0wMy0wMVQxOTozMDowMC4wMDBafDBiOGY0ZjJlLTZhOGQtNGM2Mi05YTU3LTZkMWYyZjBlN2MxMQ' });
  return z.object({ items: z.array(item), next_cursor: cursor }).meta({ id });
}

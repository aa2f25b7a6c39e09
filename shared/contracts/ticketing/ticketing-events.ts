import { z } from 'zod';
import { UserIdSchema } from '../auth/user-id';
import { eventRoom } from './ticketing-names';

// Ticketing's domain events as they travel on stream TICKETING, each on `ticketing.<type>`.
// The core turns them into frames (booking:*, payment:*, waitlist:offer to the user's sockets;
// ticket:availability to the event's room) and makes an event's chat room when it is created.

const Money = z.string().regex(/^\d+\.\d{2}$/);
const SeatChange = z.object({ id: z.uuid(), status: z.enum(['free', 'held', 'sold']) });
const Booked = { user_id: UserIdSchema, booking_id: z.uuid() };

export const TicketingEventSchema = z.discriminatedUnion('type', [
  /** venue and starts_at for search; absent in events of earlier versions. */
  z.object({ type: z.literal('event.created'), event_id: z.uuid(), name: z.string(), venue: z.string().optional(), starts_at: z.iso.datetime().optional(), organizer_id: UserIdSchema, seats: z.number().int() }),
  /** Seats whose status changed, and how many of the event's seats are free after the change. */
  z.object({ type: z.literal('seats.changed'), event_id: z.uuid(), available: z.number().int().min(0), seats: z.array(SeatChange) }),
  /** The booking waits in the queue at `position` (1: next). */
  z.object({ type: z.literal('booking.queued'), ...Booked, position: z.number().int().min(1), estimated_wait_seconds: z.number().int().min(0) }),
  /** The booking worker took it; when it holds its seats, what to pay and by when. */
  z.object({
    type: z.literal('booking.processing'),
    ...Booked,
    event_id: z.uuid(),
    total_amount: Money.optional(),
    currency: z.string().optional(),
    pay_by: z.iso.datetime().optional(),
  }),
  z.object({
    type: z.literal('booking.confirmed'),
    ...Booked,
    booking_reference: z.string(),
    event_id: z.uuid(),
    seat_numbers: z.array(z.string()),
    total_amount: Money,
    currency: z.string(),
  }),
  /** The booking ended without seats: `status` failed (seats taken, hold lost, payment declined) or expired (unpaid in time). */
  z.object({ type: z.literal('booking.failed'), ...Booked, event_id: z.uuid(), status: z.enum(['failed', 'expired']), reason: z.string() }),
  z.object({ type: z.literal('booking.cancelled'), ...Booked, event_id: z.uuid(), refunded: z.boolean() }),
  z.object({ type: z.literal('payment.processing'), ...Booked, amount: Money, currency: z.string() }),
  z.object({ type: z.literal('payment.succeeded'), ...Booked, payment_id: z.uuid(), amount: Money, currency: z.string() }),
  z.object({ type: z.literal('payment.failed'), ...Booked, payment_id: z.uuid().optional(), reason: z.string() }),
  z.object({ type: z.literal('payment.refunded'), ...Booked, payment_id: z.uuid(), amount: Money, currency: z.string() }),
  z.object({ type: z.literal('waitlist.offered'), user_id: UserIdSchema, event_id: z.uuid(), hold_id: z.uuid(), seat_ids: z.array(z.uuid()), expires_at: z.iso.datetime() }),
]);

export type TicketingEvent = z.infer<typeof TicketingEventSchema>;
export type TicketingEventType = TicketingEvent['type'];
export type SeatStatus = z.infer<typeof SeatChange>['status'];
export type SeatChange = z.infer<typeof SeatChange>;

/** Where a frame made from a ticketing event goes: every socket of a user, or an event's room. */
export type FrameTarget = { user: string } | { room: string };

export interface TicketingFrame {
  target: FrameTarget;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * The WebSocket frame of a ticketing event (the seed protocol's names), or undefined for events
 * that are no frame (event.created makes a room instead). seats.changed becomes
 * ticket:availability; the core coalesces those per event before sending.
 */
export function ticketingFrame(event: TicketingEvent): TicketingFrame | undefined {
  const toUser = (userId: string, type: string, payload: Record<string, unknown>): TicketingFrame => ({ target: { user: userId }, type, payload });
  switch (event.type) {
    case 'event.created':
      return undefined;
    case 'seats.changed':
      return { target: { room: eventRoom(event.event_id) }, type: 'ticket:availability', payload: { event_id: event.event_id, available: event.available, seats: event.seats } };
    case 'booking.queued':
      return toUser(event.user_id, 'booking:queue_position', { booking_id: event.booking_id, position: event.position, estimated_wait_seconds: event.estimated_wait_seconds });
    case 'booking.processing': {
      const { type: _type, user_id: _user, ...payload } = event;
      return toUser(event.user_id, 'booking:processing', payload);
    }
    case 'booking.confirmed': {
      const { type: _type, user_id: _user, ...payload } = event;
      return toUser(event.user_id, 'booking:confirmed', payload);
    }
    case 'booking.failed':
      return toUser(event.user_id, 'booking:failed', { booking_id: event.booking_id, event_id: event.event_id, status: event.status, reason: event.reason });
    case 'booking.cancelled':
      return toUser(event.user_id, 'booking:cancelled', { booking_id: event.booking_id, event_id: event.event_id, refunded: event.refunded });
    case 'payment.processing':
      return toUser(event.user_id, 'payment:processing', { booking_id: event.booking_id, amount: event.amount, currency: event.currency });
    case 'payment.succeeded':
      return toUser(event.user_id, 'payment:success', { booking_id: event.booking_id, payment_id: event.payment_id, amount: event.amount, currency: event.currency });
    case 'payment.failed':
      return toUser(event.user_id, 'payment:failed', { booking_id: event.booking_id, payment_id: event.payment_id, reason: event.reason });
    case 'payment.refunded':
      return toUser(event.user_id, 'payment:refunded', { booking_id: event.booking_id, payment_id: event.payment_id, amount: event.amount, currency: event.currency });
    case 'waitlist.offered':
      return toUser(event.user_id, 'waitlist:offer', { event_id: event.event_id, hold_id: event.hold_id, seat_ids: event.seat_ids, expires_at: event.expires_at });
  }
}

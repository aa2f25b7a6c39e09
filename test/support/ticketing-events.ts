import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import type { TicketingEvent } from '#contracts/ticketing/ticketing-events';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { ticketingStreams } from '#contracts/ticketing/ticketing-streams';

/** The event.created of a new event (ids valid as TicketingEventSchema wants them). */
export function eventCreated(eventId = randomUUID(), organizerId = '1'): TicketingEvent {
  return { type: 'event.created', event_id: eventId, name: 'A concert', organizer_id: organizerId, seats: 100 };
}

/** One event of every type for `userId` and event `eventId`, in the order of a booking's life. */
export function oneOfEachType(userId: string, eventId = randomUUID()): TicketingEvent[] {
  const booked = { user_id: userId, booking_id: randomUUID() };
  const seat = randomUUID();
  const paymentId = randomUUID();
  return [
    eventCreated(eventId),
    { type: 'seats.changed', event_id: eventId, available: 99, seats: [{ id: seat, status: 'held' }] },
    { type: 'booking.queued', ...booked, position: 3, estimated_wait_seconds: 6 },
    { type: 'booking.processing', ...booked, event_id: eventId, total_amount: '40.00', currency: 'EUR', pay_by: '2030-01-01T12:15:00.000Z' },
    { type: 'payment.processing', ...booked, amount: '40.00', currency: 'EUR' },
    { type: 'payment.failed', ...booked, payment_id: paymentId, reason: 'card declined' },
    { type: 'payment.succeeded', ...booked, payment_id: paymentId, amount: '40.00', currency: 'EUR' },
    { type: 'booking.confirmed', ...booked, booking_reference: 'REF-1', event_id: eventId, seat_numbers: ['A1'], total_amount: '40.00', currency: 'EUR' },
    { type: 'booking.cancelled', ...booked, event_id: eventId, refunded: true },
    { type: 'payment.refunded', ...booked, payment_id: paymentId, amount: '40.00', currency: 'EUR' },
    { type: 'booking.failed', ...booked, event_id: eventId, status: 'expired', reason: 'not paid in time' },
    { type: 'waitlist.offered', user_id: userId, event_id: eventId, hold_id: randomUUID(), seat_ids: [seat], expires_at: '2030-01-01T12:10:00.000Z' },
  ];
}

/**
 * Publishes events to stream TICKETING as ticketing does (`ticketing.<type>`, a Nats-Msg-Id each)
 * and resolves once all are stored. One connection's publishes are stored in the order sent, so
 * the stream holds them in the order given.
 */
export async function publishTicketingEvents(nc: NatsConnection, prefix: string, events: unknown[]): Promise<void> {
  await ensureStreams(nc, ticketingStreams(prefix));
  const js = jetstream(nc);
  const names = ticketingNames(prefix);
  const typeOf = (event: unknown) => String((event as { type?: unknown }).type ?? 'unknown');
  await Promise.all(events.map((event) => js.publish(names.subject(typeOf(event)), JSON.stringify(event), { msgID: randomUUID() })));
}

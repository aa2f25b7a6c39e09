import type { DependencyContainer } from 'tsyringe';
import { z } from 'zod';
import type { HttpRouter } from '#kernel/http/http-router';
import { parseOrThrow } from '#kernel/errors/validation';
import type { Principal } from '#contracts/auth/principal';
import { BookingParamsSchema, EventParamsSchema, HoldParamsSchema, PageQuerySchema, PaymentParamsSchema, WaitlistParamsSchema } from '../../../application/params';
import { BookingViewSchema, EventViewSchema, HoldViewSchema, PaymentViewSchema, SeatViewSchema, WaitlistViewSchema, pageOf } from '../../../application/views';
import { CreateEventRequestSchema } from '../../../application/use-cases/create-event/create-event.schema';
import { HoldRequestSchema } from '../../../application/use-cases/hold-seats/hold-seats.schema';
import { BookingAcceptedSchema, BookingRequestSchema } from '../../../application/use-cases/request-booking/request-booking.schema';
import { IdempotencyKeySchema, PaymentRequestSchema } from '../../../application/use-cases/pay-booking/pay-booking.schema';
import { WaitlistRequestSchema } from '../../../application/use-cases/join-waitlist/join-waitlist.schema';
import { CreateEventUseCase } from '../../../application/use-cases/create-event/create-event.use-case';
import { ListEventsUseCase } from '../../../application/use-cases/list-events/list-events.use-case';
import { GetEventUseCase } from '../../../application/use-cases/get-event/get-event.use-case';
import { GetSeatsUseCase } from '../../../application/use-cases/get-seats/get-seats.use-case';
import { HoldSeatsUseCase } from '../../../application/use-cases/hold-seats/hold-seats.use-case';
import { ReleaseHoldUseCase } from '../../../application/use-cases/release-hold/release-hold.use-case';
import { ExtendHoldUseCase } from '../../../application/use-cases/extend-hold/extend-hold.use-case';
import { RequestBookingUseCase } from '../../../application/use-cases/request-booking/request-booking.use-case';
import { GetBookingUseCase } from '../../../application/use-cases/get-booking/get-booking.use-case';
import { ListBookingsUseCase } from '../../../application/use-cases/list-bookings/list-bookings.use-case';
import { CancelBookingUseCase } from '../../../application/use-cases/cancel-booking/cancel-booking.use-case';
import { PayBookingUseCase } from '../../../application/use-cases/pay-booking/pay-booking.use-case';
import { JoinWaitlistUseCase } from '../../../application/use-cases/join-waitlist/join-waitlist.use-case';
import { WaitlistEntriesUseCase } from '../../../application/use-cases/join-waitlist/waitlist-entries.use-case';

/** The routes' use cases from a container (main.ts and the route tests build them the same way). */
export function resolveTicketingUseCases(c: DependencyContainer) {
  return {
    createEvent: c.resolve(CreateEventUseCase),
    listEvents: c.resolve(ListEventsUseCase),
    getEvent: c.resolve(GetEventUseCase),
    getSeats: c.resolve(GetSeatsUseCase),
    hold: c.resolve(HoldSeatsUseCase),
    releaseHold: c.resolve(ReleaseHoldUseCase),
    extendHold: c.resolve(ExtendHoldUseCase),
    requestBooking: c.resolve(RequestBookingUseCase),
    getBooking: c.resolve(GetBookingUseCase),
    listBookings: c.resolve(ListBookingsUseCase),
    cancelBooking: c.resolve(CancelBookingUseCase),
    pay: c.resolve(PayBookingUseCase),
    joinWaitlist: c.resolve(JoinWaitlistUseCase),
    waitlistEntries: c.resolve(WaitlistEntriesUseCase),
  };
}

export type TicketingUseCases = ReturnType<typeof resolveTicketingUseCases>;

const SeatListSchema = z.object({ items: z.array(SeatViewSchema), available: z.number().int().meta({ description: 'seats free right now', example: 118 }) }).meta({ id: 'SeatList' });
const NOT_FOUND = { description: 'No such event, hold or booking (or a malformed id: 400)' };

/** Ticketing's `/v1` API: events and seat maps, holds, bookings, payments and the waiting list. */
export function ticketingRoutes(useCases: TicketingUseCases) {
  return (router: HttpRouter<Principal>): void => {
    eventRoutes(router, useCases);
    holdRoutes(router, useCases);
    bookingRoutes(router, useCases);
  };
}

function eventRoutes(router: HttpRouter<Principal>, useCases: TicketingUseCases): void {
  router.add({
    method: 'post',
    path: '/v1/events',
    tag: 'events',
    summary: 'Create an event with its seat map (you are its organizer); its room event:<id> carries ticket:availability',
    auth: true,
    body: CreateEventRequestSchema,
    responses: { 201: { description: 'Created', schema: EventViewSchema }, 400: { description: 'No seats, a seat twice, a negative or fractional-cent price, a bad currency or date' } },
    handler: async ({ body, principal }) => ({ status: 201, body: await useCases.createEvent.run(principal.userId, body) }),
  });
  router.add({
    method: 'get',
    path: '/v1/events',
    tag: 'events',
    summary: 'Events by start time, a page at a time',
    query: PageQuerySchema,
    responses: { 200: { description: 'A page of events', schema: pageOf(EventViewSchema, 'EventList') } },
    handler: async ({ query }) => ({ status: 200, body: await useCases.listEvents.run(query) }),
  });
  router.add({
    method: 'get',
    path: '/v1/events/:id',
    tag: 'events',
    summary: 'One event',
    params: EventParamsSchema,
    responses: { 200: { description: 'The event', schema: EventViewSchema }, 404: NOT_FOUND },
    handler: async ({ params }) => ({ status: 200, body: await useCases.getEvent.run(params.id) }),
  });
  router.add({
    method: 'get',
    path: '/v1/events/:id/seats',
    tag: 'events',
    summary: "The seat map with each seat's live status (free, held, sold)",
    params: EventParamsSchema,
    responses: { 200: { description: 'Every seat of the event', schema: SeatListSchema }, 404: NOT_FOUND },
    handler: async ({ params }) => ({ status: 200, body: await useCases.getSeats.run(params.id) }),
  });
  router.add({
    method: 'post',
    path: '/v1/events/:id/waitlist',
    tag: 'waitlist',
    summary: 'Wait for seats of a sold-out event: seats that come free are offered in turn as a hold (waitlist:offer)',
    auth: true,
    params: EventParamsSchema,
    body: WaitlistRequestSchema,
    responses: { 201: { description: 'You are on the list (or were already)', schema: WaitlistViewSchema }, 404: NOT_FOUND, 409: { description: 'Seats are free: hold them instead' } },
    handler: async ({ params, body, principal }) => ({ status: 201, body: await useCases.joinWaitlist.run(principal.userId, params.id, body) }),
  });
  router.add({
    method: 'get',
    path: '/v1/waitlist',
    tag: 'waitlist',
    summary: 'Your waiting-list entries, newest first (an offered one names its hold)',
    auth: true,
    responses: { 200: { description: 'Your entries', schema: z.object({ items: z.array(WaitlistViewSchema) }).meta({ id: 'WaitlistEntries' }) } },
    handler: async ({ principal }) => ({ status: 200, body: await useCases.waitlistEntries.list(principal.userId) }),
  });
  router.add({
    method: 'delete',
    path: '/v1/waitlist/:id',
    tag: 'waitlist',
    summary: 'Leave a waiting list',
    auth: true,
    params: WaitlistParamsSchema,
    responses: { 200: { description: 'Left', schema: WaitlistViewSchema }, 404: { description: 'No such waiting entry of yours' } },
    handler: async ({ params, principal }) => ({ status: 200, body: await useCases.waitlistEntries.leave(principal.userId, params.id) }),
  });
}

function holdRoutes(router: HttpRouter<Principal>, useCases: TicketingUseCases): void {
  router.add({
    method: 'post',
    path: '/v1/events/:id/holds',
    tag: 'holds',
    summary: 'Hold seats: every one or none, for HOLD_TTL (default 10 minutes)',
    auth: true,
    params: EventParamsSchema,
    body: HoldRequestSchema,
    responses: {
      201: { description: 'Held', schema: HoldViewSchema },
      400: { description: 'No seats, a seat twice, more than MAX_SEATS_PER_HOLD, or seats of another event' },
      404: NOT_FOUND,
      409: { description: 'Some seats are held or sold: error.details.seat_ids names exactly those' },
    },
    handler: async ({ params, body, principal }) => ({ status: 201, body: await useCases.hold.run(principal.userId, params.id, body) }),
  });
  router.add({
    method: 'delete',
    path: '/v1/holds/:id',
    tag: 'holds',
    summary: "Release a hold (a hold whose booking is queued is released by cancelling the booking)",
    auth: true,
    params: HoldParamsSchema,
    responses: { 204: { description: 'Released' }, 403: { description: 'Not your hold' }, 404: NOT_FOUND, 409: { description: 'Its booking is in the queue' } },
    handler: async ({ params, principal }) => {
      await useCases.releaseHold.run(principal.userId, params.id);
      return { status: 204 };
    },
  });
  router.add({
    method: 'post',
    path: '/v1/holds/:id/extend',
    tag: 'holds',
    summary: 'Renew a hold for another HOLD_TTL, at most 3 times',
    auth: true,
    params: HoldParamsSchema,
    responses: { 200: { description: 'Renewed', schema: HoldViewSchema }, 403: { description: 'Not your hold' }, 404: NOT_FOUND, 409: { description: 'Extended 3 times already' } },
    handler: async ({ params, principal }) => ({ status: 200, body: await useCases.extendHold.run(principal.userId, params.id) }),
  });
}

function bookingRoutes(router: HttpRouter<Principal>, useCases: TicketingUseCases): void {
  router.add({
    method: 'post',
    path: '/v1/bookings',
    tag: 'bookings',
    summary: 'Book a hold: the booking joins the queue (booking:queue_position, then booking:processing on your sockets)',
    auth: true,
    body: BookingRequestSchema,
    responses: { 202: { description: 'Queued (asking again for the same hold answers the same booking)', schema: BookingAcceptedSchema }, 403: { description: 'Not your hold' }, 404: NOT_FOUND },
    handler: async ({ body, principal }) => ({ status: 202, body: await useCases.requestBooking.run(principal.userId, body) }),
  });
  router.add({
    method: 'get',
    path: '/v1/bookings',
    tag: 'bookings',
    summary: 'Your bookings, newest first',
    auth: true,
    query: PageQuerySchema,
    responses: { 200: { description: 'A page of bookings', schema: pageOf(BookingViewSchema, 'BookingList') } },
    handler: async ({ query, principal }) => ({ status: 200, body: await useCases.listBookings.run(principal.userId, query) }),
  });
  router.add({
    method: 'get',
    path: '/v1/bookings/:id',
    tag: 'bookings',
    summary: 'One of your bookings',
    auth: true,
    params: BookingParamsSchema,
    responses: { 200: { description: 'The booking', schema: BookingViewSchema }, 403: { description: 'Not your booking' }, 404: NOT_FOUND },
    handler: async ({ params, principal }) => ({ status: 200, body: await useCases.getBooking.run(principal.userId, params.id) }),
  });
  router.add({
    method: 'delete',
    path: '/v1/bookings/:id',
    tag: 'bookings',
    summary: 'Cancel a booking: a paid one is refunded; its seats are free again',
    auth: true,
    params: BookingParamsSchema,
    responses: { 200: { description: 'Cancelled', schema: BookingViewSchema }, 403: { description: 'Not your booking' }, 404: NOT_FOUND, 409: { description: 'Already failed, expired or cancelled' } },
    handler: async ({ params, principal }) => ({ status: 200, body: await useCases.cancelBooking.run(principal.userId, params.id) }),
  });
  router.add({
    method: 'post',
    path: '/v1/payments/:booking_id',
    tag: 'payments',
    summary: 'Pay a booking that holds its seats (payment:processing, then payment:success and booking:confirmed, or payment:failed and booking:failed). Send an Idempotency-Key header: a retry with it charges once and answers the same payment.',
    auth: true,
    params: PaymentParamsSchema,
    body: PaymentRequestSchema,
    responses: {
      201: { description: 'Charged, or declined (status says which)', schema: PaymentViewSchema },
      200: { description: 'The payment an earlier request with this Idempotency-Key made (header Idempotent-Replayed: true)', schema: PaymentViewSchema },
      403: { description: 'Not your booking' },
      404: NOT_FOUND,
      409: { description: 'Paid already, expired, failed, or still in the queue' },
    },
    handler: async ({ params, body, principal, req }) => {
      const header = req.headers['idempotency-key'];
      const key = header === undefined ? undefined : parseOrThrow(IdempotencyKeySchema, header, 'Idempotency-Key header');
      const answer = await useCases.pay.run(principal.userId, params.booking_id, body, key);
      return answer.replayed ? { status: 200, body: answer.payment, headers: { 'Idempotent-Replayed': 'true' } } : { status: 201, body: answer.payment };
    },
  });
}

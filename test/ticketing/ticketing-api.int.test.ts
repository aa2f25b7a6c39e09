import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { TicketingPlatform, seatMap, type TestUser } from '../support/ticketing-harness';

let platform: TicketingPlatform;
let organizer: TestUser;
let buyer: TestUser;
let other: TestUser;

beforeAll(async () => {
  platform = await new TicketingPlatform({ PAYMENT_TTL: '3s' }).start();
  [organizer, buyer, other] = await Promise.all([platform.user('org'), platform.user('buyer'), platform.user('other')]);
}, 30_000);
afterAll(async () => {
  await platform.stop();
});

/** Waits until `check` passes (it throws until then). */
const settled = (check: () => Promise<unknown>, timeoutMs?: number) =>
  eventually(async () => {
    await check();
    return true;
  }, timeoutMs);

const statusesOf = async (eventId: string) => (await platform.api(null, 'GET', `/v1/events/${eventId}/seats`)).body.items.map((seat: { status: string }) => seat.status);

/** Holds, books and waits until the booking holds its seats (pay_by set). */
async function reserved(user: TestUser, eventId: string, seatIds: string[]) {
  const hold = await platform.api(user, 'POST', `/v1/events/${eventId}/holds`, { seat_ids: seatIds });
  expect(hold.status).toBe(201);
  const booking = await platform.api(user, 'POST', '/v1/bookings', { hold_id: hold.body.id });
  expect(booking.status).toBe(202);
  expect(booking.body).toEqual({ id: expect.any(String), status: 'pending', queue_position: expect.any(Number) });
  return eventually(async () => {
    const seen = await platform.api(user, 'GET', `/v1/bookings/${booking.body.id}`);
    expect(seen.body.pay_by).not.toBeNull();
    return seen.body;
  });
}

describe('events', () => {
  it('creates an event with its seat map (prices as two-decimal strings) and lists events a page at a time', async () => {
    const created = await platform.api(organizer, 'POST', '/v1/events', { name: 'Hamlet', venue: 'Globe', starts_at: '2030-01-01T19:00:00+01:00', currency: 'GBP', seats: [{ section: 'Stalls', row: 'A', number: 1, price: '12.5' }, { section: 'Stalls', row: 'A', number: 2, price: '0' }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Hamlet', venue: 'Globe', starts_at: '2030-01-01T18:00:00.000Z', currency: 'GBP', organizer_id: organizer.id, seats: 2, room: `event:${created.body.id}` });
    const seats = await platform.api(null, 'GET', `/v1/events/${created.body.id}/seats`);
    expect(seats.body).toEqual({ available: 2, items: [expect.objectContaining({ label: 'Stalls A1', price: '12.50', status: 'free' }), expect.objectContaining({ label: 'Stalls A2', price: '0.00', status: 'free' })] });
    expect((await platform.api(null, 'GET', `/v1/events/${created.body.id}`)).body).toEqual(created.body);

    for (let i = 0; i < 3; i++) await platform.event(organizer, 1);
    const first = await platform.api(null, 'GET', '/v1/events?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await platform.api(null, 'GET', `/v1/events?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.items[0].starts_at >= first.body.items[1].starts_at).toBe(true);
    expect(second.body.items.map((e: { id: string }) => e.id)).not.toContain(first.body.items[1].id);
  });

  it.each([
    ['no seats', { seats: [] }],
    ['a negative price', { seats: [{ section: 'S', row: 'A', number: 1, price: '-1.00' }] }],
    ['a fractional-cent price', { seats: [{ section: 'S', row: 'A', number: 1, price: '1.005' }] }],
    ['a price as a number', { seats: [{ section: 'S', row: 'A', number: 1, price: 1.5 }] }],
    ['a seat twice', { seats: [{ section: 'S', row: 'A', number: 1, price: '1.00' }, { section: 'S', row: 'A', number: 1, price: '2.00' }] }],
    ['a lowercase currency', { currency: 'eur' }],
    ['a date that is no date', { starts_at: 'tomorrow' }],
  ])('refuses an event with %s (400, nothing created)', async (_case, change) => {
    const before = (await platform.api(null, 'GET', '/v1/events?limit=100')).body.items.length;
    const res = await platform.api(organizer, 'POST', '/v1/events', { name: 'X', venue: 'Y', starts_at: '2030-01-01T19:00:00Z', currency: 'EUR', seats: seatMap(1), ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect((await platform.api(null, 'GET', '/v1/events?limit=100')).body.items.length).toBe(before);
  });

  it('answers 404 for an unknown event and 400 for a malformed id, and needs a token to create', async () => {
    expect((await platform.api(null, 'GET', `/v1/events/${randomUUID()}`)).status).toBe(404);
    expect((await platform.api(null, 'GET', `/v1/events/${randomUUID()}/seats`)).status).toBe(404);
    expect((await platform.api(buyer, 'POST', `/v1/events/${randomUUID()}/holds`, { seat_ids: [randomUUID()] })).status).toBe(404);
    const malformed = await platform.api(null, 'GET', '/v1/events/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/UUID/);
    expect((await platform.api(null, 'POST', '/v1/events', { name: 'X' })).status).toBe(401);
  });
});

describe('holds', () => {
  it('holds every seat or none, and a 409 names exactly the seats that are taken', async () => {
    const event = await platform.event(organizer, 5);
    const [a, b, c, d] = event.seatIds;
    const first = await platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: [a, b] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.any(String), event_id: event.id, seat_ids: [a, b], extensions_left: 3 });
    expect(Date.parse(first.body.expires_at) - Date.now()).toBeGreaterThan(9 * 60_000);
    const clash = await platform.api(other, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: [c, b, d, a] });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'conflict', reason: 'SEAT.TAKEN', details: { seat_ids: [b, a] } });
    expect(await statusesOf(event.id)).toEqual(['held', 'held', 'free', 'free', 'free']);
  });

  it.each([
    ['an empty list', () => []],
    ['a seat twice', (ids: string[]) => [ids[0], ids[0]]],
    ['more than MAX_SEATS_PER_HOLD (10)', (ids: string[]) => ids.slice(0, 11)],
    ['a malformed seat id', () => ['seat-1']],
  ])('refuses a hold of %s (400, nothing held)', async (_case, seats) => {
    const event = await platform.event(organizer, 12);
    const res = await platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: seats(event.seatIds) });
    expect(res.status).toBe(400);
    expect(await statusesOf(event.id)).toEqual(Array(12).fill('free'));
  });

  it('refuses seats of another event (400 naming them, nothing held)', async () => {
    const [mine, theirs] = [await platform.event(organizer, 2), await platform.event(organizer, 2)];
    const res = await platform.api(buyer, 'POST', `/v1/events/${mine.id}/holds`, { seat_ids: [mine.seatIds[0], theirs.seatIds[0]] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ reason: 'SEAT.UNKNOWN', details: { seat_ids: [theirs.seatIds[0]] } });
    expect(await statusesOf(mine.id)).toEqual(['free', 'free']);
  });

  it('extends a hold at most 3 times and releases it; another user may do neither', async () => {
    const event = await platform.event(organizer, 1);
    const hold = (await platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds })).body;
    expect((await platform.api(other, 'POST', `/v1/holds/${hold.id}/extend`)).status).toBe(403);
    expect((await platform.api(other, 'DELETE', `/v1/holds/${hold.id}`)).status).toBe(403);
    expect((await platform.api(other, 'POST', '/v1/bookings', { hold_id: hold.id })).status).toBe(403);
    for (let left = 2; left >= 0; left--) expect((await platform.api(buyer, 'POST', `/v1/holds/${hold.id}/extend`)).body.extensions_left).toBe(left);
    const capped = await platform.api(buyer, 'POST', `/v1/holds/${hold.id}/extend`);
    expect(capped.status).toBe(409);
    expect(capped.body.error.reason).toBe('HOLD.EXTENSIONS_USED');
    expect((await platform.api(buyer, 'DELETE', `/v1/holds/${hold.id}`)).status).toBe(204);
    expect((await platform.api(buyer, 'DELETE', `/v1/holds/${hold.id}`)).status).toBe(404);
    expect((await platform.api(buyer, 'POST', `/v1/holds/${randomUUID()}/extend`)).status).toBe(404);
    expect((await platform.api(buyer, 'DELETE', '/v1/holds/nope')).status).toBe(400);
    expect(await statusesOf(event.id)).toEqual(['free']);
  });
});

describe('bookings and payments', () => {
  it('books a hold through the queue and confirms it on payment; the seats end sold', async () => {
    const event = await platform.event(organizer, 3, '10.25');
    const booking = await reserved(buyer, event.id, event.seatIds.slice(0, 2));
    expect(booking).toMatchObject({ status: 'pending', total_amount: '20.50', currency: 'EUR', seat_numbers: ['Stalls A1', 'Stalls A2'], booking_reference: expect.stringMatching(/^[A-Z2-9]{6}$/) });
    const paid = await platform.api(buyer, 'POST', `/v1/payments/${booking.id}`, {});
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ booking_id: booking.id, status: 'succeeded', amount: '20.50', currency: 'EUR' });
    expect((await platform.api(buyer, 'GET', `/v1/bookings/${booking.id}`)).body.status).toBe('confirmed');
    await settled(async () => expect(await statusesOf(event.id)).toEqual(['sold', 'sold', 'free']));
    const again = await platform.api(buyer, 'POST', `/v1/payments/${booking.id}`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe('BOOKING.ALREADY_PAID');
    expect((await platform.api(buyer, 'GET', '/v1/bookings')).body.items.map((b: { id: string }) => b.id)).toContain(booking.id);
    expect((await platform.api(other, 'GET', `/v1/bookings/${booking.id}`)).status).toBe(403);
    expect((await platform.api(other, 'POST', `/v1/payments/${booking.id}`, {})).status).toBe(403);
    expect((await platform.api(other, 'GET', '/v1/bookings')).body.items).toEqual([]);
  });

  it('asks the same booking for the same hold twice', async () => {
    const event = await platform.event(organizer, 1);
    const hold = (await platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds })).body;
    const [a, b] = await Promise.all([platform.api(buyer, 'POST', '/v1/bookings', { hold_id: hold.id }), platform.api(buyer, 'POST', '/v1/bookings', { hold_id: hold.id })]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.id).toBe(b.body.id);
  });

  it('a declined card fails the booking and frees its seats', async () => {
    const event = await platform.event(organizer, 2);
    const booking = await reserved(buyer, event.id, event.seatIds);
    const declined = await platform.api(buyer, 'POST', `/v1/payments/${booking.id}`, { card: '4000 0000 0000 0002' });
    expect(declined.status).toBe(201);
    expect(declined.body).toMatchObject({ status: 'declined', decline_reason: 'card_declined' });
    expect((await platform.api(buyer, 'GET', `/v1/bookings/${booking.id}`)).body).toMatchObject({ status: 'failed', failure_reason: 'payment_declined' });
    await settled(async () => expect(await statusesOf(event.id)).toEqual(['free', 'free']));
    expect((await platform.api(other, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds })).status).toBe(201);
  });

  it('charges a payment retried with the same Idempotency-Key once, and answers the same payment', async () => {
    const event = await platform.event(organizer, 1);
    const booking = await reserved(buyer, event.id, event.seatIds);
    const key = { 'idempotency-key': `pay-${randomUUID()}` };
    const answers = await Promise.all([1, 2, 3].map(() => platform.api(buyer, 'POST', `/v1/payments/${booking.id}`, {}, key)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    expect(platform.ticketing[0].paymentGateway.charges.get(booking.id)).toBe(1);
    expect((await platform.api(buyer, 'POST', `/v1/payments/${booking.id}`, {}, { 'idempotency-key': 'another' })).status).toBe(409);
    expect((await platform.api(buyer, 'POST', `/v1/payments/${booking.id}`, {}, { 'idempotency-key': ' ' })).status).toBe(400);
  });

  it('expires a booking not paid within PAYMENT_TTL and frees its seats; paying it then is refused', async () => {
    const event = await platform.event(organizer, 1);
    const booking = await reserved(buyer, event.id, event.seatIds);
    await settled(async () => expect((await platform.api(buyer, 'GET', `/v1/bookings/${booking.id}`)).body).toMatchObject({ status: 'expired', failure_reason: 'payment_timeout' }), 10_000);
    const late = await platform.api(buyer, 'POST', `/v1/payments/${booking.id}`, {});
    expect(late.status).toBe(409);
    expect(late.body.error.reason).toBe('BOOKING.EXPIRED');
    await settled(async () => expect(await statusesOf(event.id)).toEqual(['free']));
  });

  it('cancels: a paid booking is refunded and its seats freed; a cancelled one cannot be cancelled again', async () => {
    const event = await platform.event(organizer, 1);
    const booking = await reserved(buyer, event.id, event.seatIds);
    await platform.api(buyer, 'POST', `/v1/payments/${booking.id}`, {});
    expect((await platform.api(other, 'DELETE', `/v1/bookings/${booking.id}`)).status).toBe(403);
    const cancelled = await platform.api(buyer, 'DELETE', `/v1/bookings/${booking.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await platform.api(buyer, 'DELETE', `/v1/bookings/${booking.id}`)).status).toBe(409);
    await settled(async () => expect(await statusesOf(event.id)).toEqual(['free']));
  });

  it('answers 404 for unknown bookings and 400 for malformed ids', async () => {
    expect((await platform.api(buyer, 'GET', `/v1/bookings/${randomUUID()}`)).status).toBe(404);
    expect((await platform.api(buyer, 'POST', `/v1/payments/${randomUUID()}`, {})).status).toBe(404);
    expect((await platform.api(buyer, 'POST', '/v1/payments/123', {})).status).toBe(400);
    expect((await platform.api(buyer, 'POST', '/v1/bookings', { hold_id: 'x' })).status).toBe(400);
    expect((await platform.api(buyer, 'POST', '/v1/bookings', { hold_id: randomUUID() })).status).toBe(404);
    expect((await platform.api(buyer, 'GET', '/v1/bookings?cursor=garbage')).status).toBe(400);
  });
});

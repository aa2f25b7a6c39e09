import { eventually } from '../support/eventually';
import { TicketingPlatform, type TestUser } from '../support/ticketing-harness';
import { WsTestClient, type Frame } from '../support/ws-client';

const SEATS = 20;
const BUYERS = 200;

let platform: TicketingPlatform;
const sockets: WsTestClient[] = [];

beforeAll(async () => {
  platform = await new TicketingPlatform().start();
}, 30_000);
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await platform.stop();
});

const BOOKING_FRAMES = /^(booking|payment):/;
/** A buyer's booking and payment frames, in the order its socket got them. */
const lifeOf = (socket: WsTestClient, bookingId: string) => socket.frames.filter((f) => BOOKING_FRAMES.test(f.type) && f.payload?.booking_id === bookingId).map((f) => f.type);

it('200 buyers racing for 20 seats in overlapping pairs: each seat held once, every loser a 409 naming its seats, the winners book and pay, exactly the held seats end sold, each socket gets its own frames in order', async () => {
  const organizer = await platform.user('org');
  const event = await platform.event(organizer, SEATS);
  const edge = platform.edges[0].baseUrl;
  const watcher = await WsTestClient.connect(edge, organizer.token);
  sockets.push(watcher);
  // The event's room exists once the core has read event.created.
  await eventually(async () => ((await watcher.request('room:join', { room: `event:${event.id}` })).type === 'ok' ? true : undefined), 10_000, 'the event room');

  const buyers: TestUser[] = await Promise.all(Array.from({ length: BUYERS }, (_, i) => platform.user(`b${i}`)));
  const buyerSockets = await Promise.all(buyers.map((buyer) => WsTestClient.connect(edge, buyer.token)));
  sockets.push(...buyerSockets);

  // Buyer i wants seats i and i+1 (mod 20): every seat is wanted by 20 buyers, in pairs that overlap.
  const wanted = buyers.map((_, i) => [event.seatIds[i % SEATS], event.seatIds[(i + 1) % SEATS]]);
  const answers = await Promise.all(buyers.map((buyer, i) => platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: wanted[i] })));

  const winners = answers.flatMap((answer, i) => (answer.status === 201 ? [i] : []));
  const heldBy = new Map<string, number>();
  for (const i of winners) for (const seat of wanted[i]) {
    expect(heldBy.has(seat)).toBe(false);
    heldBy.set(seat, i);
  }
  expect(winners.length).toBeGreaterThan(0);
  expect(winners.length).toBeLessThanOrEqual(SEATS / 2);
  answers.forEach((answer, i) => {
    if (answer.status === 201) return;
    expect(answer.status).toBe(409);
    const named: string[] = answer.body.error.details.seat_ids;
    expect(named.length).toBeGreaterThan(0);
    // Only seats of its own pair, each one a winner holds (a seat named free at that moment may be taken later).
    for (const seat of named) {
      expect(wanted[i]).toContain(seat);
      expect(heldBy.has(seat)).toBe(true);
    }
  });

  // The winners book and pay as soon as their booking holds its seats.
  const bookings = await Promise.all(
    winners.map(async (i) => {
      const booking = await platform.api(buyers[i], 'POST', '/v1/bookings', { hold_id: answers[i].body.id });
      expect(booking.status).toBe(202);
      await buyerSockets[i].waitFor((f) => f.type === 'booking:processing' && f.payload.booking_id === booking.body.id, 15_000);
      const paid = await platform.api(buyers[i], 'POST', `/v1/payments/${booking.body.id}`, {}, { 'idempotency-key': `pay-${booking.body.id}` });
      expect(paid.body.status).toBe('succeeded');
      const confirmed = await buyerSockets[i].waitFor((f) => f.type === 'booking:confirmed' && f.payload.booking_id === booking.body.id, 15_000);
      expect(confirmed.payload).toMatchObject({ event_id: event.id, total_amount: '51.00', currency: 'EUR', seat_numbers: expect.any(Array), booking_reference: expect.any(String) });
      return { buyer: i, id: booking.body.id as string };
    }),
  );

  for (const { buyer, id } of bookings) {
    const life = lifeOf(buyerSockets[buyer], id);
    expect(life.join(' ')).toMatch(/^(booking:queue_position )*booking:processing payment:processing payment:success booking:confirmed$/);
  }
  // Nobody got anyone else's frames.
  buyerSockets.forEach((socket, i) => {
    const own = new Set(bookings.filter((b) => b.buyer === i).map((b) => b.id));
    for (const frame of socket.frames.filter((f: Frame) => BOOKING_FRAMES.test(f.type))) expect(own.has(frame.payload.booking_id)).toBe(true);
  });

  const seats = (await platform.api(null, 'GET', `/v1/events/${event.id}/seats`)).body;
  const sold = new Set(seats.items.filter((s: { status: string }) => s.status === 'sold').map((s: { id: string }) => s.id));
  await eventually(async () => {
    const now = (await platform.api(null, 'GET', `/v1/events/${event.id}/seats`)).body.items as { id: string; status: string }[];
    return now.every((s) => (s.status === 'sold') === heldBy.has(s.id)) ? true : undefined;
  }, 10_000, 'exactly the held seats sold');
  expect(sold.size).toBeLessThanOrEqual(heldBy.size);

  // The room's watchers see the seat map change, coalesced: far fewer frames than changes.
  const last = await eventually(async () => {
    const frames = watcher.frames.filter((f) => f.type === 'ticket:availability');
    const latest = frames.at(-1);
    return latest && latest.payload.available === SEATS - heldBy.size ? frames : undefined;
  }, 10_000, 'the last availability frame');
  expect(last.length).toBeLessThan(winners.length * 2 + 2);
}, 90_000);

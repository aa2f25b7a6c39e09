import { eventually } from '../support/eventually';
import { TicketingPlatform, type TestUser } from '../support/ticketing-harness';
import { WsTestClient, type Frame } from '../support/ws-client';

let platform: TicketingPlatform;
let organizer: TestUser;
const sockets: WsTestClient[] = [];

beforeAll(async () => {
  platform = await new TicketingPlatform({ HOLD_TTL: '1s' }).start();
  organizer = await platform.user('org');
}, 30_000);
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await platform.stop();
});

async function socketOf(user: TestUser): Promise<WsTestClient> {
  const socket = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
  sockets.push(socket);
  return socket;
}

/** A socket watching the event's room (which exists once the core has read event.created). */
async function watching(eventId: string): Promise<WsTestClient> {
  const socket = await socketOf(organizer);
  await eventually(async () => ((await socket.request('room:join', { room: `event:${eventId}` })).type === 'ok' ? true : undefined), 10_000, 'the event room');
  return socket;
}

/** The latest status of each seat the room's ticket:availability frames have told. */
function seen(frames: Frame[]): Map<string, string> {
  const statuses = new Map<string, string>();
  for (const frame of frames.filter((f) => f.type === 'ticket:availability')) for (const seat of frame.payload.seats) statuses.set(seat.id, seat.status);
  return statuses;
}

it('an event room exists only for an event ticketing created', async () => {
  const socket = await socketOf(organizer);
  const answer = await socket.request('room:join', { room: 'event:0b8f4f2e-6a8d-4c62-9a57-6d1f2f0e7c11' });
  expect(answer).toMatchObject({ type: 'error', payload: { code: 'not_found' } });
});

it('a hold that expires frees its seats, and the room is told (ticket:availability)', async () => {
  const event = await platform.event(organizer, 3);
  const watcher = await watching(event.id);
  const buyer = await platform.user('buyer');
  await platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds.slice(0, 2) });
  const held = await watcher.waitFor((f) => f.type === 'ticket:availability' && f.payload.available === 1, 5_000);
  expect(held.payload).toMatchObject({ event_id: event.id, seats: expect.arrayContaining([{ id: event.seatIds[0], status: 'held' }]) });
  await watcher.waitFor((f) => f.type === 'ticket:availability' && f.payload.available === 3, 10_000);
  expect(seen(watcher.frames).get(event.seatIds[0])).toBe('free');
  expect(seen(watcher.frames).get(event.seatIds[1])).toBe('free');
  expect((await platform.api(null, 'GET', `/v1/events/${event.id}/seats`)).body.available).toBe(3);
});

it('a declined payment frees the seats: payment:failed and booking:failed to the buyer, ticket:availability to the room', async () => {
  const event = await platform.event(organizer, 2);
  const watcher = await watching(event.id);
  const buyer = await platform.user('buyer');
  const socket = await socketOf(buyer);
  const hold = (await platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds })).body;
  const booking = (await platform.api(buyer, 'POST', '/v1/bookings', { hold_id: hold.id })).body;
  await socket.waitFor((f) => f.type === 'booking:processing', 10_000);
  await platform.api(buyer, 'POST', `/v1/payments/${booking.id}`, { card: '4000000000000002' });
  const failed = await socket.waitFor((f) => f.type === 'booking:failed', 10_000);
  expect(failed.payload).toEqual({ booking_id: booking.id, event_id: event.id, status: 'failed', reason: 'payment_declined' });
  expect(socket.frames.filter((f) => /^(booking|payment):/.test(f.type)).map((f) => f.type).join(' ')).toMatch(/booking:processing payment:processing payment:failed booking:failed$/);
  await watcher.waitFor((f) => f.type === 'ticket:availability' && f.payload.available === 2, 10_000);
});

it('a waiting-list entry gets its offer on its socket (waitlist:offer)', async () => {
  const event = await platform.event(organizer, 1);
  const [holder, waiting] = [await platform.user('holder'), await platform.user('waiting')];
  const socket = await socketOf(waiting);
  await platform.api(holder, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds });
  expect((await platform.api(waiting, 'POST', `/v1/events/${event.id}/waitlist`, { seats: 1 })).status).toBe(201);
  // The holder's hold expires (HOLD_TTL 1 s): the seat is kept for the list and offered.
  const offer = await socket.waitFor((f) => f.type === 'waitlist:offer', 15_000);
  expect(offer.payload).toEqual({ event_id: event.id, hold_id: expect.any(String), seat_ids: event.seatIds, expires_at: expect.any(String) });
  expect((await platform.api(waiting, 'POST', '/v1/bookings', { hold_id: offer.payload.hold_id })).status).toBe(202);
});

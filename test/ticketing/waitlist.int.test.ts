import { eventually } from '../support/eventually';
import { TicketingPlatform, type TestUser } from '../support/ticketing-harness';

let platform: TicketingPlatform;
let organizer: TestUser;

beforeAll(async () => {
  platform = await new TicketingPlatform({ WAITLIST_OFFER_TTL: '1500ms' }).start({ edges: 0, cores: 0 });
  organizer = await platform.user('org');
}, 30_000);
afterAll(async () => {
  await platform.stop();
});

const entryOf = async (user: TestUser, eventId: string) => ((await platform.api(user, 'GET', '/v1/waitlist')).body.items as { event_id: string; status: string; hold_id: string | null }[]).find((e) => e.event_id === eventId);

describe('the waiting list', () => {
  it('takes entries only for a sold-out event, one open entry a user', async () => {
    const event = await platform.event(organizer, 1);
    const [a, b] = [await platform.user('a'), await platform.user('b')];
    const early = await platform.api(b, 'POST', `/v1/events/${event.id}/waitlist`, { seats: 1 });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ reason: 'WAITLIST.NOT_SOLD_OUT', details: { available: 1 } });
    await platform.api(a, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds });
    const joined = await platform.api(b, 'POST', `/v1/events/${event.id}/waitlist`, { seats: 1 });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ event_id: event.id, seats: 1, status: 'waiting', hold_id: null });
    expect((await platform.api(b, 'POST', `/v1/events/${event.id}/waitlist`, { seats: 1 })).body.id).toBe(joined.body.id);
    expect((await platform.api(b, 'POST', `/v1/events/${event.id}/waitlist`, { seats: 11 })).status).toBe(400);
    expect((await platform.api(b, 'POST', `/v1/events/${event.id}/waitlist`, { seats: 0 })).status).toBe(400);
    expect((await platform.api(a, 'DELETE', `/v1/waitlist/${joined.body.id}`)).status).toBe(404);
    expect((await platform.api(b, 'DELETE', `/v1/waitlist/${joined.body.id}`)).body.status).toBe('cancelled');
  });

  it('offers freed seats to the first in line as a hold made for them (not to whoever is quickest); an offer not taken passes to the next', async () => {
    const event = await platform.event(organizer, 2);
    const [holder, first, second, quick] = [await platform.user('holder'), await platform.user('first'), await platform.user('second'), await platform.user('quick')];
    const hold = (await platform.api(holder, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds })).body;
    expect((await platform.api(first, 'POST', `/v1/events/${event.id}/waitlist`, { seats: 2 })).status).toBe(201);
    expect((await platform.api(second, 'POST', `/v1/events/${event.id}/waitlist`, { seats: 2 })).status).toBe(201);

    expect((await platform.api(holder, 'DELETE', `/v1/holds/${hold.id}`)).status).toBe(204);
    // Kept for the list: someone not on it cannot take them.
    expect((await platform.api(quick, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: [event.seatIds[0]] })).status).toBe(409);
    const offered = await eventually(async () => {
      const entry = await entryOf(first, event.id);
      return entry?.status === 'offered' ? entry : undefined;
    }, 10_000, 'the first entry offered');
    expect((await platform.api(first, 'GET', `/v1/events/${event.id}/seats`)).body.items.map((s: { status: string }) => s.status)).toEqual(['held', 'held']);

    // Not taken in time: it passes to the second entry.
    const passed = await eventually(async () => {
      const entry = await entryOf(second, event.id);
      return entry?.status === 'offered' ? entry : undefined;
    }, 10_000, 'the offer passed to the second entry');
    expect((await entryOf(first, event.id))?.status).toBe('expired');
    expect(passed.hold_id).not.toBe(offered.hold_id);

    // Taken: the booking of the offered hold fulfils the entry.
    const booking = await platform.api(second, 'POST', '/v1/bookings', { hold_id: passed.hold_id });
    expect(booking.status).toBe(202);
    expect((await entryOf(second, event.id))?.status).toBe('fulfilled');
    await eventually(async () => ((await platform.api(second, 'GET', `/v1/bookings/${booking.body.id}`)).body.pay_by ? true : undefined));
  });

  it('gives the kept seats back to everyone once nobody waits', async () => {
    const event = await platform.event(organizer, 1);
    const [holder, waiting, later] = [await platform.user('holder'), await platform.user('waiting'), await platform.user('later')];
    const hold = (await platform.api(holder, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds })).body;
    const entry = (await platform.api(waiting, 'POST', `/v1/events/${event.id}/waitlist`, { seats: 1 })).body;
    await platform.api(waiting, 'DELETE', `/v1/waitlist/${entry.id}`);
    await platform.api(holder, 'DELETE', `/v1/holds/${hold.id}`);
    await eventually(async () => ((await platform.api(later, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: event.seatIds })).status === 201 ? true : undefined), 10_000, 'the seat free again');
  });
});

import { TicketingPlatform, type TestUser } from '../support/ticketing-harness';

describe('GET /v1/admin/queue (ticketing)', () => {
  // No booking worker: what is queued stays queued, so the depth is exact.
  const platform = new TicketingPlatform({ BOOKING_WORKER: 'false' });
  let admin: TestUser;
  let buyer: TestUser;
  beforeAll(async () => {
    await platform.start({ edges: 0 });
    [admin, buyer] = [await platform.admin(), await platform.user('buyer')];
  }, 30_000);
  afterAll(() => platform.stop());

  it('answers 401 without a token and 403 to a user without the admin role', async () => {
    expect((await platform.api(null, 'GET', '/v1/admin/queue')).status).toBe(401);
    const refused = await platform.api(buyer, 'GET', '/v1/admin/queue');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', message: 'admin role required' });
  });

  it('counts a requested booking as waiting', async () => {
    const before = await platform.api(admin, 'GET', '/v1/admin/queue');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ queue: 'booking', waiting: 0, active: 0, delayed: 0, failed: 0 });
    const event = await platform.event(admin, 4);
    for (const seat of event.seatIds.slice(0, 2)) {
      const hold = await platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: [seat] });
      expect((await platform.api(buyer, 'POST', '/v1/bookings', { hold_id: hold.body.id })).status).toBe(202);
    }
    expect((await platform.api(admin, 'GET', '/v1/admin/queue')).body).toEqual({ queue: 'booking', waiting: 2, active: 0, delayed: 0, failed: 0 });
  });

  it('is in ticketing’s OpenAPI document, behind the bearer scheme', async () => {
    const document = (await platform.api(null, 'GET', '/docs/openapi.json')).body;
    expect(document.paths['/v1/admin/queue'].get).toMatchObject({ tags: ['admin'], security: [{ bearer: [] }] });
  });
});

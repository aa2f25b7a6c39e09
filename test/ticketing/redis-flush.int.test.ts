import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { pgConnection } from '#kernel/pg/pg-pool';
import { eventually } from '../support/eventually';
import { TicketingPlatform, type TestUser } from '../support/ticketing-harness';

const SEATS = 20;
const BUYERS = 60;

let platform: TicketingPlatform;
let pool: Pool;
let redis: Redis;

beforeAll(async () => {
  platform = await new TicketingPlatform({ BOOKING_REQUEUE_AFTER: '1s', PAYMENT_TTL: '5s' }).start({ edges: 0, cores: 0 });
  pool = new Pool(pgConnection(platform.databaseUrl));
  redis = new Redis(process.env.REDIS_URL as string);
}, 30_000);
afterAll(async () => {
  await pool.end();
  redis.disconnect();
  await platform.stop();
});

/**
 * Everything ticketing keeps in Redis (seat map, holds, change feed, BullMQ queues) is under
 * the platform's NAME_PREFIX: deleting those keys is FLUSHALL for this platform, without
 * touching what other test files running at the same time keep in the same Redis.
 */
async function flushPlatformKeys(): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${platform.prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

it('Redis losing every hold and queue in the middle of a rush sells no seat twice, and no booking stays pending', async () => {
  const organizer = await platform.user('org');
  const event = await platform.event(organizer, SEATS);
  const buyers: TestUser[] = await Promise.all(Array.from({ length: BUYERS }, (_, i) => platform.user(`b${i}`)));
  const bookings: string[] = [];
  let flushed = 0;
  // Every buyer wants one seat (three buyers a seat), holds it and books it; Redis is flushed
  // when a third of them are through, while the rest are holding and booking.
  const attempt = async (buyer: TestUser, i: number) => {
    if (i === BUYERS / 3) flushed = await flushPlatformKeys();
    const hold = await platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: [event.seatIds[i % SEATS]] });
    if (hold.status !== 201) return expect(hold.status).toBe(409);
    const booking = await platform.api(buyer, 'POST', '/v1/bookings', { hold_id: hold.body.id });
    // The hold may have been flushed between the two requests.
    if (booking.status === 202) bookings.push(booking.body.id);
    else expect(booking.status).toBe(404);
  };
  await Promise.all(buyers.map((buyer, i) => attempt(buyer, i)));
  expect(flushed).toBeGreaterThan(0);

  // Pay every booking that gets its seats; the rest fail (seat taken, hold lost) or expire.
  const paid = new Set<string>();
  const final = await eventually(
    async () => {
      const { rows } = await pool.query<{ id: string; status: string; user_id: string; pay_by: Date | null }>('SELECT id, status, user_id::text, pay_by FROM bookings WHERE id = ANY($1)', [bookings]);
      for (const row of rows.filter((r) => r.status === 'pending' && r.pay_by && !paid.has(r.id))) {
        paid.add(row.id);
        const buyer = buyers.find((b) => b.id === row.user_id) as TestUser;
        await platform.api(buyer, 'POST', `/v1/payments/${row.id}`, {});
      }
      return rows.length === bookings.length && rows.every((r) => r.status !== 'pending') ? rows : undefined;
    },
    30_000,
    'every booking confirmed, failed or expired',
  );
  expect(final.filter((b) => b.status === 'confirmed').length).toBeGreaterThan(0);

  const { rows: doubles } = await pool.query('SELECT seat_id FROM booking_seats WHERE active GROUP BY seat_id HAVING count(*) > 1');
  expect(doubles).toEqual([]);
  const { rows: sold } = await pool.query<{ seat_id: string }>(
    "SELECT bs.seat_id FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id WHERE b.status = 'confirmed' AND bs.active AND b.event_id = $1",
    [event.id],
  );
  expect(new Set(sold.map((r) => r.seat_id)).size).toBe(sold.length);
  // The seat map, rebuilt from PostgreSQL, shows exactly the sold seats as sold.
  const soldIds = new Set(sold.map((r) => r.seat_id));
  await eventually(async () => {
    const seats = (await platform.api(null, 'GET', `/v1/events/${event.id}/seats`)).body.items as { id: string; status: string }[];
    return seats.every((s) => (s.status === 'sold') === soldIds.has(s.id)) ? true : undefined;
  }, 10_000, 'the seat map showing the sold seats');
}, 60_000);

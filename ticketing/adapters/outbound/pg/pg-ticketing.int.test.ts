import { randomUUID } from 'node:crypto';
import { Wakeup } from '#kernel/lifecycle/wakeup';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import type { Booking } from '../../../domain/booking.entity';
import type { Event, Seat } from '../../../domain/event.entity';
import { PgBookingRepository } from './pg-booking.repository';
import { PgEventRepository } from './pg-event.repository';
import { PgOutbox } from './pg-outbox';

let infra: TestInfra;
let events: PgEventRepository;
let bookings: PgBookingRepository;
let outbox: PgOutbox;
let userId: string;

beforeAll(async () => {
  infra = await connectTestInfra();
  events = new PgEventRepository(infra.pool, infra.prefix);
  bookings = new PgBookingRepository(infra.pool, infra.prefix);
  outbox = new PgOutbox(infra.pool);
  const { rows } = await infra.pool.query("INSERT INTO users (username, email, password_hash) VALUES ('pg_ticketing', 'pg_ticketing@example.com', 'x') RETURNING id::text AS id");
  userId = rows[0].id;
});
afterAll(async () => {
  await infra.close();
});

async function newEvent(seats = 3): Promise<{ event: Event; seats: Seat[] }> {
  const event: Event = { id: randomUUID(), name: 'E', venue: 'V', startsAt: new Date('2030-01-01T00:00:00Z'), currency: 'EUR', organizerId: userId, createdAt: new Date(), seatCount: seats };
  const list: Seat[] = Array.from({ length: seats }, (_, i) => ({ id: randomUUID(), eventId: event.id, section: 'S', row: 'A', number: i + 1, price: '5.00' }));
  await events.create(event, list, [{ event: { type: 'event.created', event_id: event.id, name: 'E', organizer_id: userId, seats } }]);
  return { event, seats: list };
}

function draft(event: Event, seatIds: string[]): Booking {
  return {
    id: randomUUID(),
    eventId: event.id,
    userId,
    holdId: randomUUID(),
    status: 'pending',
    reference: randomUUID().slice(0, 6).toUpperCase(),
    seatIds,
    seatNumbers: seatIds.map((_, i) => `S A${i + 1}`),
    totalAmount: '5.00',
    currency: 'EUR',
    failureReason: null,
    payBy: null,
    queuePosition: null,
    createdAt: new Date(),
  };
}

/** Drains the outbox; answers the event types relayed, in order. */
async function drain(): Promise<string[]> {
  const types: string[] = [];
  await outbox.relay(1000, async (rows, step) => {
    types.push(...rows.map((row) => row.event.type));
    step.done(rows.map((row) => row.id));
  });
  return types;
}

describe('PgEventRepository', () => {
  it('stores an event with its seats and its event.created in the outbox in one transaction', async () => {
    await drain();
    const { event, seats } = await newEvent(2);
    expect(await events.find(event.id)).toEqual({ ...event, seatCount: 2, createdAt: expect.any(Date) });
    expect((await events.seats(event.id)).map((s) => s.id)).toEqual(seats.map((s) => s.id));
    expect(await drain()).toEqual(['event.created']);
  });
});

describe('PgBookingRepository', () => {
  it('records one booking per hold, however often it is asked', async () => {
    const { event, seats } = await newEvent();
    const first = draft(event, [seats[0].id]);
    const [a, b] = await Promise.all([bookings.create(first, []), bookings.create({ ...first, id: randomUUID() }, [])]);
    expect(a.id).toBe(first.id);
    expect(b.id).toBe(first.id);
  });

  it('refuses a seat that another active booking has (the database is the record), and frees it when that booking ends', async () => {
    const { event, seats } = await newEvent();
    const one = await bookings.create(draft(event, [seats[0].id, seats[1].id]), []);
    const two = await bookings.create(draft(event, [seats[1].id, seats[2].id]), []);
    expect(await bookings.change(one.id, (unit) => unit.takeSeats())).toBe(true);
    expect(await bookings.change(two.id, (unit) => unit.takeSeats())).toBe(false);
    // Refused as a whole: seats[2] was not taken either.
    const three = await bookings.create(draft(event, [seats[2].id]), []);
    expect(await bookings.change(three.id, (unit) => unit.takeSeats())).toBe(true);
    expect(await events.bookedSeats(event.id)).toHaveLength(3);
    await bookings.change(one.id, async (unit) => {
      await unit.releaseSeats();
      await unit.update({ status: 'failed', failureReason: 'test' });
    });
    expect(await bookings.change(two.id, (unit) => unit.takeSeats())).toBe(false);
    await bookings.change(three.id, (unit) => unit.releaseSeats());
    expect(await bookings.change(two.id, (unit) => unit.takeSeats())).toBe(true);
  });

  it('rolls back every change and event of a unit whose work throws', async () => {
    const { event, seats } = await newEvent(1);
    const booking = await bookings.create(draft(event, [seats[0].id]), []);
    await drain();
    await expect(
      bookings.change(booking.id, async (unit) => {
        await unit.takeSeats();
        await unit.update({ status: 'confirmed' });
        unit.emit({ event: { type: 'booking.processing', user_id: userId, booking_id: booking.id, event_id: event.id } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await bookings.find(booking.id))?.status).toBe('pending');
    expect(await events.bookedSeats(event.id)).toEqual([]);
    expect(await drain()).toEqual([]);
  });

  it('tells queued bookings their position once per change, and never one the worker has taken', async () => {
    const { event, seats } = await newEvent(2);
    const [queued, taken] = [await bookings.create(draft(event, [seats[0].id]), []), await bookings.create(draft(event, [seats[1].id]), [])];
    await bookings.change(taken.id, async (unit) => {
      await unit.takeSeats();
      await unit.update({ payBy: new Date(Date.now() + 60_000) });
    });
    await drain();
    const report = [
      { bookingId: queued.id, position: 2, estimatedWaitSeconds: 4 },
      { bookingId: taken.id, position: 1, estimatedWaitSeconds: 2 },
    ];
    expect(await bookings.reportPositions(report)).toBe(1);
    expect(await bookings.reportPositions(report)).toBe(0);
    expect(await drain()).toEqual(['booking.queued']);
    expect((await bookings.find(queued.id))?.queuePosition).toBe(2);
  });

  it('far back in the queue, tells a move once it is a tenth of the place or more; in the last ten places, every move', async () => {
    const { event, seats } = await newEvent(1);
    const booking = await bookings.create(draft(event, [seats[0].id]), []);
    const tell = (position: number) => bookings.reportPositions([{ bookingId: booking.id, position, estimatedWaitSeconds: position }]);
    expect(await tell(500)).toBe(1);
    expect(await tell(460)).toBe(0);
    expect(await tell(450)).toBe(1);
    expect(await tell(449)).toBe(0);
    expect(await tell(600)).toBe(1);
    expect(await tell(10)).toBe(1);
    expect(await tell(9)).toBe(1);
    expect(await tell(8)).toBe(1);
  });

  it('lists a user its bookings newest first, and finds the unpaid and the long-waiting ones', async () => {
    const { event, seats } = await newEvent(2);
    const older = await bookings.create({ ...draft(event, [seats[0].id]), createdAt: new Date(Date.now() - 60_000) }, []);
    const newer = await bookings.create(draft(event, [seats[1].id]), []);
    const mine = await bookings.listByUser(userId, { limit: 100 });
    expect(mine.findIndex((b) => b.id === newer.id)).toBeLessThan(mine.findIndex((b) => b.id === older.id));
    expect(await bookings.waitingSince(new Date(Date.now() - 30_000), 1000)).toContain(older.id);
    expect(await bookings.waitingSince(new Date(Date.now() - 30_000), 1000)).not.toContain(newer.id);
    await bookings.change(newer.id, (unit) => unit.update({ payBy: new Date(Date.now() - 1) }));
    expect(await bookings.unpaid(new Date(), 1000)).toContain(newer.id);
  });
});

describe('PgOutbox', () => {
  it('wakes a waiting relay when a repository of this process commits events, and otherwise sleeps the time given', async () => {
    const committed = new Wakeup();
    const relay = new PgOutbox(infra.pool, committed);
    const writer = new PgEventRepository(infra.pool, infra.prefix, committed);
    const quiet = Date.now();
    await relay.changed(300);
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(250);
    const woken = Date.now();
    const waiting = relay.changed(10_000);
    const event: Event = { id: randomUUID(), name: 'E', venue: 'V', startsAt: new Date(), currency: 'EUR', organizerId: userId, createdAt: new Date(), seatCount: 1 };
    await writer.create(event, [{ id: randomUUID(), eventId: event.id, section: 'S', row: 'A', number: 1, price: '1.00' }], [{ event: { type: 'event.created', event_id: event.id, name: 'E', organizer_id: userId, seats: 1 } }]);
    await waiting;
    expect(Date.now() - woken).toBeLessThan(2_000);
  });

  it('hands rows over oldest first, also past the ids where their decimal text sorts otherwise (9 before 10)', async () => {
    await drain();
    const { event, seats } = await newEvent(1);
    const booking = await bookings.create(draft(event, [seats[0].id]), []);
    const positions = Array.from({ length: 25 }, (_, i) => i + 1);
    for (const position of positions) {
      await bookings.change(booking.id, async (unit) => unit.emit({ event: { type: 'booking.queued', user_id: userId, booking_id: booking.id, position, estimated_wait_seconds: 1 } }));
    }
    const seen: number[] = [];
    await outbox.relay(1000, async (rows, step) => {
      for (const row of rows) if (row.event.type === 'booking.queued') seen.push(row.event.position);
      step.done(rows.map((row) => row.id));
    });
    expect(seen).toEqual(positions);
  });

  it('relays in commit order, one relay at a time, and keeps what a broken pass did', async () => {
    await drain();
    const { event } = await newEvent(1);
    await newEvent(1);
    // A second relay while the first holds the lock skips its pass.
    let inner: boolean | undefined;
    await outbox.relay(1, async () => {
      inner = await new PgOutbox(infra.pool).relay(10, async () => undefined);
    });
    expect(inner).toBe(false);
    // A pass that breaks after publishing the first row keeps that fact, and finishes nothing else.
    await expect(
      outbox.relay(10, async (rows, step) => {
        step.published([rows[0].id]);
        throw new Error('Redis away');
      }),
    ).rejects.toThrow('Redis away');
    const seen: { id: string; published: boolean; event: string }[] = [];
    await outbox.relay(10, async (rows, step) => {
      seen.push(...rows.map((row) => ({ id: row.id, published: row.published, event: row.event.type === 'event.created' ? row.event.event_id : '' })));
      step.done(rows.map((row) => row.id));
    });
    expect(seen.map((row) => row.published)).toEqual([true, false]);
    expect(seen[0].event).toBe(event.id);
    expect(await outbox.lagSeconds()).toBe(0);
  });
});

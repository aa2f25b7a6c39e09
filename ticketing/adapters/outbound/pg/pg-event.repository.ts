import type { Pool } from 'pg';
import { z } from 'zod';
import { withTransaction } from '#kernel/pg/pg-pool';
import type { Wakeup } from '#kernel/lifecycle/wakeup';
import type { Event, Seat } from '../../../domain/event.entity';
import type { EventPage, EventRepositoryPort } from '../../../application/ports/event-repository.port';
import type { BookedSeat } from '../../../application/ports/seat-map.port';
import type { OutboxEntry } from '../../../application/ports/outbox.port';
import { appendOutbox } from './pg-outbox';

const EventRow = z.object({
  id: z.string(),
  name: z.string(),
  venue: z.string(),
  starts_at: z.date(),
  currency: z.string(),
  organizer_id: z.string(),
  created_at: z.date(),
  seat_count: z.number().int(),
});

const SeatRow = z.object({ id: z.string(), event_id: z.string(), section: z.string(), row: z.string(), number: z.number().int(), price: z.string() });

const EVENT_COLUMNS = `e.id, e.name, e.venue, e.starts_at, e.currency, e.organizer_id::text AS organizer_id, e.created_at,
  (SELECT count(*)::int FROM seats s WHERE s.event_id = e.id) AS seat_count`;

function toEvent(row: unknown): Event {
  const r = EventRow.parse(row);
  return { id: r.id, name: r.name, venue: r.venue, startsAt: r.starts_at, currency: r.currency, organizerId: r.organizer_id, createdAt: r.created_at, seatCount: r.seat_count };
}

function toSeat(row: unknown): Seat {
  const r = SeatRow.parse(row);
  return { id: r.id, eventId: r.event_id, section: r.section, row: r.row, number: r.number, price: r.price };
}

/** Events and seats in PostgreSQL (tables events, seats; booked seats from booking_seats). */
export class PgEventRepository implements EventRepositoryPort {
  constructor(
    private readonly pool: Pool,
    private readonly prefix: string,
    /** Rung after a commit that wrote events: the relay of this process need not wait to find them. */
    private readonly committed?: Wakeup,
  ) {}

  async create(event: Event, seats: Seat[], outbox: OutboxEntry[]): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO events (id, name, venue, starts_at, currency, organizer_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        event.id,
        event.name,
        event.venue,
        event.startsAt,
        event.currency,
        event.organizerId,
        event.createdAt,
      ]);
      await client.query(
        `INSERT INTO seats (id, event_id, section, row, number, price)
         SELECT id, $1, section, row, number, price FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::numeric[]) AS s(id, section, row, number, price)`,
        [event.id, seats.map((s) => s.id), seats.map((s) => s.section), seats.map((s) => s.row), seats.map((s) => s.number), seats.map((s) => s.price)],
      );
      await appendOutbox(client, this.prefix, outbox);
    });
    this.committed?.ring();
  }

  async find(id: string): Promise<Event | null> {
    const { rows } = await this.pool.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1`, [id]);
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async list(page: EventPage): Promise<Event[]> {
    const { rows } = page.after
      ? await this.pool.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE (e.starts_at, e.id) > ($1, $2) ORDER BY e.starts_at, e.id LIMIT $3`, [page.after.startsAt, page.after.id, page.limit])
      : await this.pool.query(`SELECT ${EVENT_COLUMNS} FROM events e ORDER BY e.starts_at, e.id LIMIT $1`, [page.limit]);
    return rows.map(toEvent);
  }

  async seats(eventId: string): Promise<Seat[]> {
    const { rows } = await this.pool.query('SELECT id, event_id, section, row, number, price::text AS price FROM seats WHERE event_id = $1 ORDER BY section, row, number', [eventId]);
    return rows.map(toSeat);
  }

  async bookedSeats(eventId: string): Promise<BookedSeat[]> {
    const { rows } = await this.pool.query<{ seat_id: string; booking_id: string; sold: boolean }>(
      `SELECT bs.seat_id, bs.booking_id, b.status = 'confirmed' AS sold
         FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
        WHERE bs.event_id = $1 AND bs.active`,
      [eventId],
    );
    return rows.map((row) => ({ seatId: row.seat_id, bookingId: row.booking_id, sold: row.sold }));
  }
}

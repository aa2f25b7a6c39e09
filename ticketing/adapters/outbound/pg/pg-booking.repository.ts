import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { uniqueViolation, withTransaction } from '#kernel/pg/pg-pool';
import type { Wakeup } from '#kernel/lifecycle/wakeup';
import { bookingReference, type Booking, type BookingStatus } from '../../../domain/booking.entity';
import type { Payment } from '../../../domain/payment.entity';
import type { BookingPage, BookingRepositoryPort, BookingUnit, QueuePosition } from '../../../application/ports/booking-repository.port';
import type { OutboxEntry } from '../../../application/ports/outbox.port';
import { appendOutbox } from './pg-outbox';

const BookingRow = z.object({
  id: z.string(),
  event_id: z.string(),
  user_id: z.string(),
  hold_id: z.string(),
  status: z.enum(['pending', 'confirmed', 'failed', 'expired', 'cancelled']),
  reference: z.string(),
  seat_ids: z.array(z.string()),
  seat_numbers: z.array(z.string()),
  total_amount: z.string().nullable(),
  currency: z.string(),
  failure_reason: z.string().nullable(),
  pay_by: z.date().nullable(),
  queue_position: z.number().int().nullable(),
  created_at: z.date(),
});

const BOOKING_COLUMNS = `b.id, b.event_id, b.user_id::text AS user_id, b.hold_id, b.status, b.reference, b.seat_ids, b.seat_numbers,
  b.total_amount::text AS total_amount, b.currency, b.failure_reason, b.pay_by, b.queue_position, b.created_at`;

function toBooking(row: unknown): Booking {
  const r = BookingRow.parse(row);
  return {
    id: r.id,
    eventId: r.event_id,
    userId: r.user_id,
    holdId: r.hold_id,
    status: r.status,
    reference: r.reference,
    seatIds: r.seat_ids,
    seatNumbers: r.seat_numbers,
    totalAmount: r.total_amount,
    currency: r.currency,
    failureReason: r.failure_reason,
    payBy: r.pay_by,
    queuePosition: r.queue_position,
    createdAt: r.created_at,
  };
}

const PaymentRow = z.object({
  id: z.string(),
  booking_id: z.string(),
  idempotency_key: z.string(),
  status: z.enum(['succeeded', 'declined', 'refunded']),
  amount: z.string(),
  currency: z.string(),
  gateway_reference: z.string().nullable(),
  decline_reason: z.string().nullable(),
});
const PAYMENT_COLUMNS = 'id, booking_id, idempotency_key, status, amount::text AS amount, currency, gateway_reference, decline_reason';

function toPayment(row: unknown): Payment {
  const r = PaymentRow.parse(row);
  return { id: r.id, bookingId: r.booking_id, idempotencyKey: r.idempotency_key, status: r.status, amount: r.amount, currency: r.currency, gatewayReference: r.gateway_reference, declineReason: r.decline_reason };
}

/** In the last places of the queue a booking's owner hears of every move; */
const TOLD_EVERY_PLACE = 10;
/** further back, once its place has improved by this share (a queue of 5,000 draining tells each owner about 30 times, not 5,000). */
const TOLD_AFTER_SHARE = 0.1;

/** Bookings, booking_seats and payments in PostgreSQL; booking_seats_sold_once makes a double sale impossible. */
export class PgBookingRepository implements BookingRepositoryPort {
  constructor(
    private readonly pool: Pool,
    private readonly prefix: string,
    /** Rung after a commit that wrote events: the relay of this process need not wait to find them. */
    private readonly committed?: Wakeup,
  ) {}

  async create(booking: Booking, outbox: OutboxEntry[]): Promise<Booking> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Without events to record, one statement is the whole transaction.
        if (outbox.length === 0) return await this.insert(this.pool, booking);
        const created = await withTransaction(this.pool, async (client) => {
          const saved = await this.insert(client, booking);
          if (saved.id === booking.id) await appendOutbox(client, this.prefix, outbox);
          return saved;
        });
        this.committed?.ring();
        return created;
      } catch (error) {
        // References are short and random; the rare clash draws another.
        if (uniqueViolation(error)?.constraint !== 'bookings_reference_key' || attempt === 3) throw error;
        booking = { ...booking, reference: bookingReference(randomBytes(6)) };
      }
    }
  }

  /** Inserts the booking, or answers the one already made of its hold. */
  private async insert(db: Pool | PoolClient, booking: Booking): Promise<Booking> {
    const { rows } = await db.query(
      `INSERT INTO bookings AS b (id, event_id, user_id, hold_id, status, reference, seat_ids, seat_numbers, total_amount, currency, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) ON CONFLICT (hold_id) DO NOTHING RETURNING ${BOOKING_COLUMNS}`,
      [booking.id, booking.eventId, booking.userId, booking.holdId, booking.status, booking.reference, booking.seatIds, booking.seatNumbers, booking.totalAmount, booking.currency, booking.createdAt],
    );
    return rows[0] ? toBooking(rows[0]) : ((await this.findWhere(db, 'b.hold_id = $1', booking.holdId)) as Booking);
  }

  find(id: string): Promise<Booking | null> {
    return this.findWhere(this.pool, 'b.id = $1', id);
  }

  async listByUser(userId: string, page: BookingPage): Promise<Booking[]> {
    const { rows } = page.before
      ? await this.pool.query(`SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE b.user_id = $1 AND (b.created_at, b.id) < ($2, $3) ORDER BY b.created_at DESC, b.id DESC LIMIT $4`, [
          userId,
          page.before.createdAt,
          page.before.id,
          page.limit,
        ])
      : await this.pool.query(`SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE b.user_id = $1 ORDER BY b.created_at DESC, b.id DESC LIMIT $2`, [userId, page.limit]);
    return rows.map(toBooking);
  }

  async change<T>(bookingId: string, work: (unit: BookingUnit) => Promise<T>): Promise<T | null> {
    let emitted = 0;
    const result = await withTransaction(this.pool, async (client) => {
      // The lock comes before any outbox row: two transactions about one booking commit, and so relay, in order.
      const booking = await this.findWhere(client, 'b.id = $1', bookingId, 'FOR UPDATE OF b');
      if (!booking) return null;
      const unit = new PgBookingUnit(client, booking);
      const done = await work(unit);
      await appendOutbox(client, this.prefix, unit.entries);
      emitted = unit.entries.length;
      return done;
    });
    if (emitted > 0) this.committed?.ring();
    return result;
  }

  async reportPositions(positions: QueuePosition[]): Promise<number> {
    if (positions.length === 0) return 0;
    const names = ticketingNames(this.prefix);
    // Row locks first (UPDATE), then the events: a booking the worker holds or has taken is skipped.
    const { rowCount } = await this.pool.query(
      `WITH told AS (
         UPDATE bookings b SET queue_position = p.position
           FROM unnest($1::uuid[], $2::int[], $3::int[]) AS p(id, position, wait)
          WHERE b.id = p.id AND b.status = 'pending' AND b.pay_by IS NULL AND b.queue_position IS DISTINCT FROM p.position
            AND (b.queue_position IS NULL OR p.position <= $5::int OR p.position > b.queue_position OR p.position <= b.queue_position * $6::float8)
          RETURNING b.id, b.user_id, p.position, p.wait
       )
       INSERT INTO ticketing_outbox (subject, payload)
       SELECT $4, jsonb_build_object('type', 'booking.queued', 'user_id', user_id::text, 'booking_id', id, 'position', position, 'estimated_wait_seconds', wait)
         FROM told ORDER BY position`,
      [positions.map((p) => p.bookingId), positions.map((p) => p.position), positions.map((p) => p.estimatedWaitSeconds), names.subject('booking.queued'), TOLD_EVERY_PLACE, 1 - TOLD_AFTER_SHARE],
    );
    if (rowCount) this.committed?.ring();
    return rowCount ?? 0;
  }

  async unpaid(now: Date, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>("SELECT id FROM bookings WHERE status = 'pending' AND pay_by <= $1 ORDER BY pay_by LIMIT $2", [now, limit]);
    return rows.map((row) => row.id);
  }

  async waitingSince(before: Date, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>("SELECT id FROM bookings WHERE status = 'pending' AND pay_by IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2", [before, limit]);
    return rows.map((row) => row.id);
  }

  private async findWhere(db: Pool | PoolClient, where: string, value: string, lock = ''): Promise<Booking | null> {
    const { rows } = await db.query(`SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE ${where} ${lock}`, [value]);
    return rows[0] ? toBooking(rows[0]) : null;
  }
}

/** One booking locked in an open transaction. */
class PgBookingUnit implements BookingUnit {
  readonly entries: OutboxEntry[] = [];

  constructor(
    private readonly client: PoolClient,
    readonly booking: Booking,
  ) {}

  async takeSeats(): Promise<boolean> {
    // The partial unique index decides: a seat an active booking has is skipped, and then the
    // booking takes none (all or nothing, without a savepoint's two extra round trips).
    const { rowCount } = await this.client.query(
      'INSERT INTO booking_seats (booking_id, seat_id, event_id) SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT (seat_id) WHERE active DO NOTHING',
      [this.booking.id, this.booking.seatIds, this.booking.eventId],
    );
    if (rowCount === this.booking.seatIds.length) return true;
    if (rowCount) await this.client.query('DELETE FROM booking_seats WHERE booking_id = $1', [this.booking.id]);
    return false;
  }

  async releaseSeats(): Promise<void> {
    await this.client.query('UPDATE booking_seats SET active = false WHERE booking_id = $1 AND active', [this.booking.id]);
  }

  async update(change: { status?: BookingStatus; payBy?: Date; totalAmount?: string; failureReason?: string }): Promise<void> {
    await this.client.query(
      `UPDATE bookings SET status = COALESCE($2, status), pay_by = COALESCE($3, pay_by), total_amount = COALESCE($4, total_amount),
              failure_reason = COALESCE($5, failure_reason), updated_at = now()
        WHERE id = $1`,
      [this.booking.id, change.status ?? null, change.payBy ?? null, change.totalAmount ?? null, change.failureReason ?? null],
    );
  }

  async payment(idempotencyKey: string): Promise<Payment | null> {
    const { rows } = await this.client.query(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE booking_id = $1 AND idempotency_key = $2`, [this.booking.id, idempotencyKey]);
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async chargedPayment(): Promise<Payment | null> {
    const { rows } = await this.client.query(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE booking_id = $1 AND status = 'succeeded'`, [this.booking.id]);
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async recordPayment(payment: Payment): Promise<void> {
    await this.client.query(
      'INSERT INTO payments (id, booking_id, idempotency_key, status, amount, currency, gateway_reference, decline_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [payment.id, payment.bookingId, payment.idempotencyKey, payment.status, payment.amount, payment.currency, payment.gatewayReference, payment.declineReason],
    );
  }

  async markRefunded(paymentId: string): Promise<void> {
    await this.client.query("UPDATE payments SET status = 'refunded' WHERE id = $1", [paymentId]);
  }

  emit(...entries: OutboxEntry[]): void {
    this.entries.push(...entries);
  }
}

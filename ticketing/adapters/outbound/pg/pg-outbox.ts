import type { Pool, PoolClient } from 'pg';
import { Wakeup } from '#kernel/lifecycle/wakeup';
import { z } from 'zod';
import { TicketingEventSchema } from '#contracts/ticketing/ticketing-events';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { withTransaction } from '#kernel/pg/pg-pool';
import type { OutboxEntry, OutboxPort, OutboxRow, RelayStep } from '../../../application/ports/outbox.port';

// One lock id for the relay: whichever process holds it relays, the others skip their pass.
const RELAY_LOCK = 0x71c7e7;

const SeatEffectSchema = z.object({ eventId: z.uuid(), holdId: z.uuid().nullable(), bookingId: z.uuid(), to: z.enum(['booked', 'sold', 'free']), seatIds: z.array(z.uuid()) });

const RowSchema = z.object({
  id: z.string(),
  payload: TicketingEventSchema,
  seat_effect: SeatEffectSchema.nullable(),
  published: z.boolean(),
  created_at: z.date(),
});

/** Appends entries to the outbox inside the caller's transaction, in order. */
export async function appendOutbox(client: PoolClient, prefix: string, entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const names = ticketingNames(prefix);
  await client.query(
    `INSERT INTO ticketing_outbox (subject, payload, seat_effect)
     SELECT subject, payload, seat_effect FROM unnest($1::text[], $2::jsonb[], $3::jsonb[]) WITH ORDINALITY AS e(subject, payload, seat_effect, n) ORDER BY n`,
    [entries.map((e) => names.subject(e.event.type)), entries.map((e) => JSON.stringify(e.event)), entries.map((e) => (e.seatEffect ? JSON.stringify(e.seatEffect) : null))],
  );
}


/**
 * The outbox table ticketing_outbox; one relay at a time (a transaction-scoped advisory lock).
 * The repositories of this process ring `committed` after a transaction that wrote events, which
 * ends the relay's wait at once; rows other processes wrote are found when the wait times out.
 * (Not LISTEN/NOTIFY: a NOTIFY takes a database-wide lock at commit, which serialised every
 * booking's commit behind the others' WAL flushes in bench:booking.)
 */
export class PgOutbox implements OutboxPort {
  constructor(
    private readonly pool: Pool,
    private readonly committed = new Wakeup(),
  ) {}

  changed(ms: number): Promise<void> {
    return this.committed.wait(ms);
  }

  async relay(limit: number, relay: (rows: OutboxRow[], step: RelayStep) => Promise<void>): Promise<boolean> {
    // An idle pass costs one indexed look, not a transaction and a lock.
    const { rows: pending } = await this.pool.query('SELECT EXISTS (SELECT 1 FROM ticketing_outbox WHERE relayed_at IS NULL) AS pending');
    if (!pending[0].pending) return true;
    let failure: unknown;
    const led = await withTransaction(this.pool, async (client) => {
      const { rows: locked } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK]);
      if (!locked[0].locked) return false;
      const { rows } = await client.query(
        // By the bigint column: ORDER BY id would sort by the text output column ('10' < '9').
        `SELECT o.id::text AS id, o.payload, o.seat_effect, o.published_at IS NOT NULL AS published, o.created_at
           FROM ticketing_outbox o WHERE o.relayed_at IS NULL ORDER BY o.id LIMIT $1`,
        [limit],
      );
      if (rows.length === 0) return true;
      const published: string[] = [];
      const done: string[] = [];
      // What was relayed is recorded (and committed) even when the pass broke off, say on a seat
      // effect while Redis is away: the next pass neither publishes nor applies anything twice.
      await relay(rows.map(toRow), { published: (ids) => published.push(...ids), done: (ids) => done.push(...ids) }).catch((error: unknown) => {
        failure = error;
      });
      await client.query('UPDATE ticketing_outbox SET published_at = now() WHERE id = ANY($1::bigint[]) AND published_at IS NULL', [published]);
      await client.query('UPDATE ticketing_outbox SET relayed_at = now() WHERE id = ANY($1::bigint[])', [done]);
      return true;
    });
    if (failure !== undefined) throw failure;
    return led;
  }

  async prune(before: Date): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM ticketing_outbox WHERE relayed_at < $1', [before]);
    return rowCount ?? 0;
  }

  async lagSeconds(): Promise<number> {
    const { rows } = await this.pool.query<{ lag: number | null }>('SELECT EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS lag FROM ticketing_outbox WHERE relayed_at IS NULL');
    return Math.max(0, rows[0].lag ?? 0);
  }
}

function toRow(row: unknown): OutboxRow {
  const r = RowSchema.parse(row);
  return { id: r.id, event: r.payload, seatEffect: r.seat_effect ?? undefined, published: r.published, createdAt: r.created_at };
}

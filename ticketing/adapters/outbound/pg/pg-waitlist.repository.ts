import type { Pool } from 'pg';
import { z } from 'zod';
import { withTransaction } from '#kernel/pg/pg-pool';
import type { Wakeup } from '#kernel/lifecycle/wakeup';
import type { WaitlistEntry } from '../../../domain/waitlist.entity';
import type { WaitlistRepositoryPort } from '../../../application/ports/waitlist-repository.port';
import type { OutboxEntry } from '../../../application/ports/outbox.port';
import { appendOutbox } from './pg-outbox';

const EntryRow = z.object({
  id: z.string(),
  event_id: z.string(),
  user_id: z.string(),
  seats: z.number().int(),
  status: z.enum(['waiting', 'offered', 'fulfilled', 'expired', 'cancelled']),
  hold_id: z.string().nullable(),
  offered_until: z.date().nullable(),
  created_at: z.date(),
});
const COLUMNS = 'id, event_id, user_id::text AS user_id, seats, status, hold_id, offered_until, created_at';

function toEntry(row: unknown): WaitlistEntry {
  const r = EntryRow.parse(row);
  return { id: r.id, eventId: r.event_id, userId: r.user_id, seats: r.seats, status: r.status, holdId: r.hold_id, offeredUntil: r.offered_until, createdAt: r.created_at };
}

/** The waiting lists in PostgreSQL (table waitlist): one open entry per user and event. */
export class PgWaitlistRepository implements WaitlistRepositoryPort {
  constructor(
    private readonly pool: Pool,
    private readonly prefix: string,
    /** Rung after a commit that wrote events: the relay of this process need not wait to find them. */
    private readonly committed?: Wakeup,
  ) {}

  async join(entry: WaitlistEntry): Promise<WaitlistEntry> {
    const { rows } = await this.pool.query(
      `INSERT INTO waitlist (id, event_id, user_id, seats, status, created_at) VALUES ($1, $2, $3, $4, 'waiting', $5)
       ON CONFLICT (event_id, user_id) WHERE status IN ('waiting', 'offered') DO NOTHING RETURNING ${COLUMNS}`,
      [entry.id, entry.eventId, entry.userId, entry.seats, entry.createdAt],
    );
    if (rows[0]) return toEntry(rows[0]);
    const open = await this.pool.query(`SELECT ${COLUMNS} FROM waitlist WHERE event_id = $1 AND user_id = $2 AND status IN ('waiting', 'offered')`, [entry.eventId, entry.userId]);
    return toEntry(open.rows[0]);
  }

  async listByUser(userId: string, limit: number): Promise<WaitlistEntry[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM waitlist WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [userId, limit]);
    return rows.map(toEntry);
  }

  async leave(entryId: string, userId: string): Promise<WaitlistEntry | null> {
    const { rows } = await this.pool.query(`UPDATE waitlist SET status = 'cancelled' WHERE id = $1 AND user_id = $2 AND status = 'waiting' RETURNING ${COLUMNS}`, [entryId, userId]);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async next(eventId: string, limit: number): Promise<WaitlistEntry[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM waitlist WHERE event_id = $1 AND status = 'waiting' ORDER BY created_at, id LIMIT $2`, [eventId, limit]);
    return rows.map(toEntry);
  }

  async eventsWaiting(limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ event_id: string }>("SELECT DISTINCT event_id FROM waitlist WHERE status = 'waiting' LIMIT $1", [limit]);
    return rows.map((row) => row.event_id);
  }

  async offer(entryId: string, holdId: string, until: Date, outbox: OutboxEntry[]): Promise<boolean> {
    const offered = await withTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query("UPDATE waitlist SET status = 'offered', hold_id = $2, offered_until = $3 WHERE id = $1 AND status = 'waiting'", [entryId, holdId, until]);
      if (rowCount === 0) return false;
      await appendOutbox(client, this.prefix, outbox);
      return true;
    });
    if (offered) this.committed?.ring();
    return offered;
  }

  async fulfil(holdId: string): Promise<void> {
    await this.pool.query("UPDATE waitlist SET status = 'fulfilled' WHERE hold_id = $1 AND status = 'offered'", [holdId]);
  }

  async expireOffers(now: Date, limit: number): Promise<WaitlistEntry[]> {
    const { rows } = await this.pool.query(
      `UPDATE waitlist SET status = 'expired' WHERE id IN (SELECT id FROM waitlist WHERE status = 'offered' AND offered_until <= $1 ORDER BY offered_until LIMIT $2)
       RETURNING ${COLUMNS}`,
      [now, limit],
    );
    return rows.map(toEntry);
  }
}

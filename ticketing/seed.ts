import { randomUUID } from 'node:crypto';
import type { Logger } from '#kernel/logging/logger';
import { createPgPool } from '#kernel/pg/pg-pool';
import type { Seat } from './domain/event.entity';
import { PgEventRepository } from './adapters/outbound/pg/pg-event.repository';
import type { TicketingConfig } from './config';

const DEMO_EVENT = 'Demo night at the Globe';
const ROWS = ['A', 'B', 'C', 'D', 'E'];

/** A demo event of 100 seats (5 rows of 20, front rows dearer) organized by the demo user alice; made once. */
export async function seedDemoEvent(config: TicketingConfig, logger: Logger): Promise<void> {
  const pool = createPgPool(config.DATABASE_URL, logger, 2);
  try {
    const { rows: existing } = await pool.query('SELECT id FROM events WHERE name = $1', [DEMO_EVENT]);
    if (existing[0]) return logger.info({ event_id: existing[0].id }, 'demo event already exists');
    const { rows: organizer } = await pool.query<{ id: string }>("SELECT id::text AS id FROM users WHERE username = 'alice'");
    if (!organizer[0]) return logger.warn('demo user alice is missing: no demo event');
    const id = randomUUID();
    const seats: Seat[] = ROWS.flatMap((row, r) => Array.from({ length: 20 }, (_, n) => ({ id: randomUUID(), eventId: id, section: 'Stalls', row, number: n + 1, price: r < 2 ? '45.00' : '25.50' })));
    const startsAt = new Date(Date.now() + 30 * 86_400_000);
    await new PgEventRepository(pool, config.NAME_PREFIX).create(
      { id, name: DEMO_EVENT, venue: 'Globe Theatre', startsAt, currency: 'EUR', organizerId: organizer[0].id, createdAt: new Date(), seatCount: seats.length },
      seats,
      [{ event: { type: 'event.created', event_id: id, name: DEMO_EVENT, venue: 'Globe Theatre', starts_at: startsAt.toISOString(), organizer_id: organizer[0].id, seats: seats.length } }],
    );
    logger.info({ event_id: id, room: `event:${id}` }, 'seeded demo event');
  } finally {
    await pool.end();
  }
}

import type { Logger } from '#kernel/logging/logger';
import { createPgPool } from '#kernel/pg/pg-pool';
import { PgEventRepository } from './adapters/outbound/pg/pg-event.repository';
import { SystemClock } from './adapters/outbound/clock/system.clock';
import { CreateEventUseCase } from './application/use-cases/create-event/create-event.use-case';
import type { CreateEventRequest } from './application/use-cases/create-event/create-event.schema';
import { ticketingSettings, type TicketingConfig } from './config';

const DEMO_EVENT = 'Demo night at the Globe';
const ROWS = ['A', 'B', 'C', 'D', 'E'];

/** 100 seats in the stalls: 5 rows of 20, the two front rows dearer. */
function demoEventRequest(): CreateEventRequest {
  return {
    name: DEMO_EVENT,
    venue: 'Globe Theatre',
    starts_at: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    currency: 'EUR',
    seats: ROWS.flatMap((row, r) => Array.from({ length: 20 }, (_, n) => ({ section: 'Stalls', row, number: n + 1, price: r < 2 ? '45.00' : '25.50' }))),
  };
}

/**
 * The demo event organized by the demo user alice, made once. Through CreateEventUseCase, as
 * POST /v1/events makes one: the same seat map checks and the same event.created in the outbox,
 * which makes the event's room once ticketing's relay and a core run.
 */
export async function seedDemoEvent(config: TicketingConfig, logger: Logger): Promise<void> {
  const pool = createPgPool(config.DATABASE_URL, logger, 2);
  try {
    const { rows: existing } = await pool.query('SELECT id FROM events WHERE name = $1', [DEMO_EVENT]);
    if (existing[0]) return logger.info({ event_id: existing[0].id }, 'demo event already exists');
    // The organizer is auth's user: ticketing has no repository of users, only their ids.
    const { rows: organizer } = await pool.query<{ id: string }>("SELECT id::text AS id FROM users WHERE username = 'alice'");
    if (!organizer[0]) return logger.warn('demo user alice is missing: no demo event');
    const createEvent = new CreateEventUseCase(new PgEventRepository(pool, config.NAME_PREFIX), ticketingSettings(config), new SystemClock());
    const event = await createEvent.run(organizer[0].id, demoEventRequest());
    logger.info({ event_id: event.id, room: event.room }, 'seeded demo event');
  } finally {
    await pool.end();
  }
}

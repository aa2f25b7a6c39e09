import { Client } from 'pg';
import { createLogger } from '../logging/logger';
import { databaseUrl, TEST_SERVERS, uniqueId } from '../../../test/support/test-run';
import { ensureDatabase } from './ensure-database';
import { migrateDown, migrateUp } from './migrate';
import { pgConnection } from './pg-pool';

/** Every migration applies, rolls back (make migrate-down) and applies again on an empty database. */
describe('migrations (real PostgreSQL, a scratch database)', () => {
  const name = `${process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL).pathname.slice(1) : 'rt_test'}_mig_${uniqueId(3)}`;
  const url = databaseUrl(name);
  const logger = createLogger('migrate-test', 'silent');
  const admin = new Client(pgConnection(TEST_SERVERS.postgresAdmin));

  async function query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client(pgConnection(url));
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const tables = async () => (await query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'pgmigrations' ORDER BY 1`)).map((r) => r.t);
  const triggers = async () => (await query<{ t: string }>(`SELECT tgname AS t FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`)).map((r) => r.t);
  const userColumns = async () => (await query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'users' ORDER BY 1`)).map((r) => r.c);
  const constraints = async () => (await query<{ c: string }>(`SELECT conname AS c FROM pg_constraint WHERE conrelid = 'messages'::regclass ORDER BY 1`)).map((r) => r.c);

  beforeAll(async () => {
    await admin.connect();
    await ensureDatabase(url);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('up creates every table; down, one at a time, takes them all back; up again restores them', async () => {
    await migrateUp(url, logger);
    expect(await tables()).toEqual(['booking_seats', 'bookings', 'events', 'follows', 'messages', 'payments', 'post_likes', 'posts', 'read_markers', 'refresh_tokens', 'room_members', 'rooms', 'search_events', 'search_messages', 'search_users', 'seats', 'ticketing_outbox', 'users', 'waitlist']);
    expect(await constraints()).not.toContain('messages_message_id_key');
    expect(await triggers()).toEqual([]);
    expect(await userColumns()).toContain('role');

    await migrateDown(url, logger);
    expect(await userColumns()).not.toContain('role');
    await migrateDown(url, logger);
    expect(await tables()).toEqual(['booking_seats', 'bookings', 'events', 'messages', 'payments', 'read_markers', 'refresh_tokens', 'room_members', 'rooms', 'search_events', 'search_messages', 'search_users', 'seats', 'ticketing_outbox', 'users', 'waitlist']);
    await migrateDown(url, logger);
    expect(await tables()).toEqual(['booking_seats', 'bookings', 'events', 'messages', 'payments', 'read_markers', 'refresh_tokens', 'room_members', 'rooms', 'seats', 'ticketing_outbox', 'users', 'waitlist']);
    await migrateDown(url, logger);
    expect(await triggers()).toEqual(['ticketing_outbox_notify']);
    await migrateDown(url, logger);
    expect(await tables()).toEqual(['messages', 'read_markers', 'refresh_tokens', 'room_members', 'rooms', 'users']);
    await migrateDown(url, logger);
    expect(await constraints()).toContain('messages_message_id_key');
    await migrateDown(url, logger, 2);
    expect(await tables()).toEqual([]);

    await migrateUp(url, logger);
    expect(await tables()).toEqual(['booking_seats', 'bookings', 'events', 'follows', 'messages', 'payments', 'post_likes', 'posts', 'read_markers', 'refresh_tokens', 'room_members', 'rooms', 'search_events', 'search_messages', 'search_users', 'seats', 'ticketing_outbox', 'users', 'waitlist']);
    expect(await constraints()).not.toContain('messages_message_id_key');
  });

  it('processes starting at once (every service runs migrations) all succeed, each migration applied once', async () => {
    await migrateDown(url, logger, 8);
    await Promise.all(Array.from({ length: 4 }, () => migrateUp(url, logger)));
    expect(await tables()).toEqual(['booking_seats', 'bookings', 'events', 'follows', 'messages', 'payments', 'post_likes', 'posts', 'read_markers', 'refresh_tokens', 'room_members', 'rooms', 'search_events', 'search_messages', 'search_users', 'seats', 'ticketing_outbox', 'users', 'waitlist']);
    const runs = await query<{ name: string; n: string }>('SELECT name, count(*)::text AS n FROM pgmigrations GROUP BY name');
    expect(runs.every((r) => r.n === '1')).toBe(true);
  });

  it('into a schema of its own, beside public, with its own record of what ran', async () => {
    await migrateUp(url, logger, { schema: 'isolated' });
    const isolated = (await query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'isolated' ORDER BY 1`)).map((r) => r.t);
    expect(isolated).toEqual(['booking_seats', 'bookings', 'events', 'follows', 'messages', 'payments', 'pgmigrations', 'post_likes', 'posts', 'read_markers', 'refresh_tokens', 'room_members', 'rooms', 'search_events', 'search_messages', 'search_users', 'seats', 'ticketing_outbox', 'users', 'waitlist']);
  });
});

import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { createLogger } from '#kernel/logging/logger';
import { loadAuthConfig, seedDemoUsers } from '../../auth/index';
import { loadTicketingConfig, seedDemoEvent } from '../../ticketing/index';
import { isolatedDatabaseUrl } from '../support/test-database';

it('`make seed` makes the demo users and one demo event of 100 seats, however often it runs', async () => {
  const env = { ...process.env, DATABASE_URL: await isolatedDatabaseUrl(), PASSWORD_SCRYPT_LOG_N: '10' };
  const logger = createLogger('seed-test', 'silent');
  for (let run = 0; run < 2; run++) {
    await seedDemoUsers(loadAuthConfig(env), logger);
    await seedDemoEvent(loadTicketingConfig(env), logger);
  }
  const pool = new Pool(pgConnection(env.DATABASE_URL));
  const { rows } = await pool.query("SELECT e.name, count(s.id)::int AS seats FROM events e JOIN seats s ON s.event_id = e.id GROUP BY e.name");
  const { rows: outbox } = await pool.query("SELECT payload->>'type' AS type FROM ticketing_outbox");
  await pool.end();
  expect(rows).toEqual([{ name: 'Demo night at the Globe', seats: 100 }]);
  expect(outbox).toEqual([{ type: 'event.created' }]);
});

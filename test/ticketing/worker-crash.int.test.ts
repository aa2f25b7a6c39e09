import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { eventually } from '../support/eventually';
import { TicketingPlatform, type TestUser } from '../support/ticketing-harness';

const ROOT = join(__dirname, '..', '..');
const BOOKINGS = 40;
const spawned: ChildProcess[] = [];

/** A ticketing process of its own (HTTP on a free port, the booking worker and jobs), so the test can SIGKILL it. */
function startWorkerProcess(env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, ['dist/bin/start.js', 'ticketing'], { cwd: ROOT, env: { ...env, LOG_LEVEL: 'warn', TICKETING_HTTP_PORT: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
  spawned.push(child);
  return child;
}

let platform: TicketingPlatform;
let pool: Pool;

beforeAll(async () => {
  // The in-process ticketing serves the API only; the worker runs in the child process.
  platform = await new TicketingPlatform({ PAYMENT_TTL: '3s' }).start({ edges: 0, cores: 0, ticketing: 0 });
  await platform.addTicketing({ BOOKING_WORKER: 'false' });
  pool = new Pool(pgConnection(platform.databaseUrl));
}, 30_000);
afterAll(async () => {
  for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
  await pool.end();
  await platform.stop();
});

const statuses = async (ids: string[]) => (await pool.query<{ id: string; status: string; pay_by: Date | null; user_id: string }>('SELECT id, status, pay_by, user_id::text FROM bookings WHERE id = ANY($1)', [ids])).rows;

it('a booking worker SIGKILLed with bookings queued and in hand: after a restart every booking ends confirmed, failed or expired, and no seat is sold twice', async () => {
  const env = platform.env({ BOOKING_WORKER_CONCURRENCY: '4' });
  let worker = startWorkerProcess(env);
  const organizer = await platform.user('org');
  const event = await platform.event(organizer, BOOKINGS);
  const buyers: TestUser[] = await Promise.all(Array.from({ length: BOOKINGS }, (_, i) => platform.user(`b${i}`)));
  const holds = await Promise.all(buyers.map((buyer, i) => platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: [event.seatIds[i]] })));
  expect(holds.every((h) => h.status === 201)).toBe(true);

  // Frozen mid-stream (jobs in hand, more waiting), then killed.
  const requests = buyers.map((buyer, i) => platform.api(buyer, 'POST', '/v1/bookings', { hold_id: holds[i].body.id }));
  await eventually(async () => ((await pool.query("SELECT count(*)::int AS n FROM bookings WHERE pay_by IS NOT NULL")).rows[0].n >= 5 ? true : undefined), 20_000, 'a few bookings worked on');
  worker.kill('SIGSTOP');
  const ids = (await Promise.all(requests)).map((r) => {
    expect(r.status).toBe(202);
    return r.body.id as string;
  });
  const atKill = await statuses(ids);
  expect(atKill.filter((b) => b.status === 'pending' && !b.pay_by).length).toBeGreaterThan(0);
  worker.kill('SIGKILL');
  await new Promise((resolve) => worker.once('exit', resolve));
  worker = startWorkerProcess(env);

  // Half the buyers pay as soon as their booking holds its seats; the others let it expire.
  const paid = new Set<string>();
  const final = await eventually(
    async () => {
      const rows = await statuses(ids);
      for (const row of rows.filter((r) => r.status === 'pending' && r.pay_by && !paid.has(r.id) && Number(r.user_id) % 2 === 0)) {
        paid.add(row.id);
        await platform.api(buyers.find((b) => b.id === row.user_id) as TestUser, 'POST', `/v1/payments/${row.id}`, {});
      }
      return rows.every((r) => r.status !== 'pending') ? rows : undefined;
    },
    45_000,
    'no booking pending',
  );
  expect(final.every((b) => ['confirmed', 'failed', 'expired'].includes(b.status))).toBe(true);
  expect(final.filter((b) => b.status === 'confirmed').length).toBe(paid.size);
  const { rows: doubles } = await pool.query('SELECT seat_id FROM booking_seats WHERE active GROUP BY seat_id HAVING count(*) > 1');
  expect(doubles).toEqual([]);
}, 90_000);

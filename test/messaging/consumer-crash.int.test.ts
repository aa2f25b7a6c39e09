import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { eventually, until } from '../support/eventually';

const ROOT = join(__dirname, '..', '..');
const TOTAL = 5_000;

/** Every core process the test started: none may outlive it. */
const spawned: ChildProcess[] = [];

/** ws-consumer as its own OS process, so the test can SIGKILL it. */
function startCoreProcess(env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, ['dist/bin/start.js', 'ws-consumer'], { cwd: ROOT, env: { ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  spawned.push(child);
  return child;
}

describe('a consumer killed with SIGKILL in the middle of 5,000 messages', () => {
  // The default ack wait (5 s): what the killed process held unacknowledged moves on within it.
  const platform = new TestPlatform({ WS_RATE_PER_SEC: '100000' });
  let pool: Pool;
  let core: ChildProcess | undefined;
  beforeAll(async () => {
    await platform.start({ edges: 1, cores: 0 });
    pool = new Pool(pgConnection(platform.databaseUrl));
  }, 30_000);
  afterAll(async () => {
    for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
    await pool.end();
    await platform.stop();
  });

  it('every acknowledged message is stored exactly once and delivered, in order; what the dead core held is stored within seconds', async () => {
    const env = platform.env();
    core = startCoreProcess(env);
    const sender = await platform.user('sender');
    const reader = await platform.user('reader');
    // The room is created through SQL: the core's HTTP port belongs to a child process here.
    const room = `crash-${Date.now().toString(36)}`;
    await pool.query(`INSERT INTO rooms (name, visibility) VALUES ($1, 'public')`, [room]);

    const edge = platform.edges[0].baseUrl;
    const subscriber = await WsTestClient.connect(edge, reader.token);
    await waitForOk(() => subscriber.request('room:join', { room }));
    const out = await WsTestClient.connect(edge, sender.token);

    const acked = new Set<string>();
    let next = 0;
    let killed = false;
    let killedAt = 0;
    let ackedAtKill: string[] = [];
    // A realistic client: a window of sends, retrying `unavailable` with the same client_msg_id.
    const send = async (n: number): Promise<void> => {
      for (;;) {
        const answer = await out.request('message:send', { room, body: `m${n}`, client_msg_id: `m${n}` }, 20_000);
        if (answer.type === 'ok') return void acked.add(`m${n}`);
        if (answer.payload.code !== 'unavailable') throw new Error(JSON.stringify(answer));
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const worker = async () => {
      while (next < TOTAL) {
        const n = ++next;
        await send(n);
        if (!killed && acked.size >= 1_500) {
          killed = true;
          // Frozen first, so it dies holding messages JetStream delivered to it (its pull requests
          // stay open while sends go on being acknowledged); then killed.
          core?.kill('SIGSTOP');
          await new Promise((r) => setTimeout(r, 1_000));
          ackedAtKill = [...acked];
          killedAt = Date.now();
          core?.kill('SIGKILL');
          await new Promise((r) => setTimeout(r, 500));
          core = startCoreProcess(env);
        }
      }
    };
    const workers = Promise.all(Array.from({ length: 20 }, worker));
    // Acknowledged before the kill, not all stored by then: the dead core's share must not wait
    // out a long ack wait (it once took 30 s, behind messages sent 27 s later).
    await until(() => killedAt > 0, 60_000, 'the kill');
    const storedAll = await eventually(async () => {
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM messages WHERE room = $1 AND client_msg_id = ANY($2::text[])', [room, ackedAtKill]);
      return rows[0].n === ackedAtKill.length ? Date.now() : undefined;
    }, 60_000, 'every message acknowledged before the kill stored', 100);
    process.stdout.write(`core killed: what it held was stored ${((storedAll - killedAt) / 1000).toFixed(1)} s after the kill\n`);
    expect(storedAll - killedAt).toBeLessThan(10_000);
    await workers;
    expect(killed).toBe(true);
    expect(acked.size).toBe(TOTAL);

    const stored = await eventually(async () => {
      const { rows } = await pool.query('SELECT seq, client_msg_id FROM messages WHERE room = $1 ORDER BY seq', [room]);
      return rows.length >= TOTAL ? rows : undefined;
    }, 60_000);
    expect(stored).toHaveLength(TOTAL);
    expect(stored.map((r) => Number(r.seq))).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect(new Set(stored.map((r) => r.client_msg_id))).toEqual(acked);

    await subscriber.waitForCount((f) => f.type === 'message:new', TOTAL, 60_000);
    expect(subscriber.messages(room).map((m) => m.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    out.close();
    subscriber.close();
  }, 180_000);
});

async function waitForOk(request: () => Promise<{ type: string }>, timeoutMs = 20_000): Promise<void> {
  await until(async () => (await request()).type === 'ok', timeoutMs, 'an ok answer', 100);
}

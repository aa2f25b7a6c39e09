import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { TestPlatform } from '../support/platform-harness';
import { http } from '../support/auth-harness';
import { eventually, until } from '../support/eventually';
import { uniqueId } from '../support/test-run';

const ROOT = join(__dirname, '..', '..');
const TOTAL = 3_000;
const spawned: ChildProcess[] = [];

/** A core as its own OS process that only indexes (it still persists chat, as every core does), so the test can SIGKILL it. */
function startIndexer(env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, ['dist/bin/start.js', 'ws-consumer'], { cwd: ROOT, env: { ...env, SEARCH_INDEXING: 'true', CONSUMER_BATCH_MAX: '50', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  spawned.push(child);
  return child;
}

describe('the indexing consumer killed with SIGKILL in the middle of 3,000 messages, then restarted', () => {
  // The in-process core persists and serves but does not index: only the child indexes.
  const platform = new TestPlatform({ SEARCH_INDEXING: 'false', WS_RATE_PER_SEC: '100000' });
  let pool: Pool;
  beforeAll(async () => {
    await platform.start();
    pool = new Pool({ ...pgConnection(platform.databaseUrl), max: 2 });
  }, 60_000);
  afterAll(async () => {
    for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
    await pool.end();
    await platform.stop();
  });

  const indexed = async (room: string) => Number((await pool.query('SELECT count(*) AS n FROM search_messages WHERE room = $1', [room])).rows[0].n);

  it('ends with every message in the index exactly once, each findable', async () => {
    const sender = await platform.user('bulk');
    const room = await platform.room(sender.token, 'public');
    const word = `crash${uniqueId(4)}`;
    let indexer = startIndexer(platform.env());
    const sends = Array.from({ length: TOTAL }, (_, i) => i);
    const sendAll = (async () => {
      for (let i = 0; i < sends.length; i += 50) {
        await Promise.all(
          sends.slice(i, i + 50).map(async (n) => {
            const res = await http(platform.edges[0].baseUrl, 'POST', `/v1/rooms/${room}/messages`, { body: `${word} message ${n}`, client_msg_id: `c${n}` }, { authorization: `Bearer ${sender.token}` });
            if (res.status >= 300) throw new Error(`send ${n}: ${res.status} ${res.text}`);
          }),
        );
      }
    })();

    await until(async () => (await indexed(room)) >= 300, 60_000, 'the indexer under way');
    indexer.kill('SIGKILL');
    await new Promise((resolve) => indexer.once('exit', resolve));
    const atKill = await indexed(room);
    await sendAll;
    expect(atKill).toBeLessThan(TOTAL);

    indexer = startIndexer(platform.env());
    await eventually(async () => ((await indexed(room)) === TOTAL ? true : undefined), 90_000, `all ${TOTAL} indexed after the restart`, 250);
    const { rows } = await pool.query('SELECT count(DISTINCT message_id)::int AS ids, min(seq)::int AS first, max(seq)::int AS last FROM search_messages WHERE room = $1', [room]);
    expect(rows[0]).toEqual({ ids: TOTAL, first: 1, last: TOTAL });
    const stored = await pool.query('SELECT count(*)::int AS n FROM messages m JOIN search_messages s USING (room, seq) WHERE m.room = $1 AND m.message_id = s.message_id AND m.body = s.body', [room]);
    expect(stored.rows[0].n).toBe(TOTAL);

    const page = await http(platform.cores[0].baseUrl, 'GET', `/v1/search/messages?q=${word}+message+1234&room=${room}`, undefined, { authorization: `Bearer ${sender.token}` });
    expect(page.body.items.map((m: { body: string }) => m.body)).toEqual([`${word} message 1234`]);
  }, 180_000);
});

/**
 * Campaign: the platform through outages of its backing services, in real processes, each cut
 * made with a TCP proxy in front of the real server (nothing is stopped for real).
 *
 *   npm run bench:outages
 *
 * auth + ws-consumer run in one child, ws-producer in another; both reach NATS through one proxy
 * and the core reaches PostgreSQL through another. Two phases:
 *
 *   postgres: BENCH_SENDERS (10) sockets send BENCH_RATE (300) msg/s in total to one room for
 *     BENCH_SECONDS (25); PostgreSQL is cut from BENCH_CUT_AT (5 s) for BENCH_CUT_SECONDS (10).
 *     Every send must be acknowledged; afterwards every acknowledged message must be stored once
 *     and delivered once, in the order sent. Reports how long the backlog took to drain.
 *   nats: BENCH_PAIRS (50) sender/room pairs that have never sent; NATS is cut for 3 s and every
 *     pair starts sending (10/s) while it is away. Reports how long after the first successful
 *     send after the return every pair had its first success, and how many sends were refused
 *     after that first success (the goal: within 1 s, none).
 *
 * Writes bench/results/outages.json; exits non-zero when a message is lost, stored twice or
 * delivered out of order.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { BenchPlatform, type BenchUser } from '../support/bench-platform';
import { BenchSocket, closeAll } from '../support/bench-socket';
import { TcpProxy } from '../support/tcp-proxy';
import { ErrorTally, fmtInt, fmtMs, log, machineInfo, machineLine, numberFromEnv, pressureLine, printTable, progress, runBenchmark, sleep, writeResults } from '../support/bench-kit';

const NAME = 'outages';
const settings = {
  senders: Math.floor(numberFromEnv('BENCH_SENDERS', 10, 1, 1_000)),
  rate: numberFromEnv('BENCH_RATE', 300, 1, 10_000),
  seconds: numberFromEnv('BENCH_SECONDS', 25, 5, 3_600),
  cutAt: numberFromEnv('BENCH_CUT_AT', 5, 0, 3_600),
  cutSeconds: numberFromEnv('BENCH_CUT_SECONDS', 10, 1, 3_600),
  pairs: Math.floor(numberFromEnv('BENCH_PAIRS', 50, 1, 1_000)),
};

const errors = new ErrorTally();
const platform = new BenchPlatform({});
const postgres = new TcpProxy('127.0.0.1', 5432);
const nats = new TcpProxy('127.0.0.1', 4222);
const sockets: BenchSocket[] = [];

async function open(user: BenchUser): Promise<BenchSocket> {
  const socket = await BenchSocket.open(platform.edgeWsUrl, user.token);
  sockets.push(socket);
  return socket;
}

/** One query on the run's database, directly (not through the proxy the core uses). */
async function query<T>(sql: string, values: unknown[]): Promise<T[]> {
  const client = new Client(pgConnection(platform.databaseUrl));
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const storedCount = async (room: string, ids: string[]) =>
  (await query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE room = $1 AND client_msg_id = ANY($2::text[])', [room, ids]))[0].n;
const storedInOrder = async (room: string) => (await query<{ id: string }>('SELECT client_msg_id AS id FROM messages WHERE room = $1 ORDER BY seq', [room])).map((r) => r.id);

async function postgresPhase() {
  const sender = await platform.user();
  const room = await platform.room(sender.token);
  const users = [sender, ...(await Promise.all(Array.from({ length: settings.senders - 1 }, () => platform.user())))];
  const senders = await Promise.all(users.map(open));
  const reader = await open(await platform.user());
  await reader.request('room:join', { room });
  const delivered: number[] = [];
  reader.onDelivery = (data) => delivered.push(JSON.parse(data.toString()).payload.seq);

  const acked: string[][] = users.map(() => []);
  let refused = 0;
  let sent = 0;
  const started = Date.now();
  let cutAt = 0;
  let backAt = 0;
  let drainedAt = 0;
  const stop = progress('postgres', () => `sent ${fmtInt(sent)} acked ${fmtInt(acked.flat().length)} refused ${refused}${cutAt && !backAt ? ' (PostgreSQL cut)' : ''}`);
  const cutter = (async () => {
    await sleep(settings.cutAt * 1000);
    await postgres.stop();
    cutAt = Date.now();
    await sleep(settings.cutSeconds * 1000);
    await postgres.restart();
    backAt = Date.now();
    // The backlog: what was acknowledged while PostgreSQL was away, stored once it is back.
    const backlog = acked.flat();
    while ((await storedCount(room, backlog)) < backlog.length) await sleep(100);
    drainedAt = Date.now();
  })();
  // Each sender paces itself: its share of the rate, one send after the other's answer.
  const perSenderMs = (1000 * settings.senders) / settings.rate;
  await Promise.all(
    senders.map(async (socket, s) => {
      for (let n = 0; Date.now() - started < settings.seconds * 1000; n++) {
        const due = started + n * perSenderMs;
        if (due > Date.now()) await sleep(due - Date.now());
        const id = `s${s}-${n}`;
        sent++;
        try {
          await socket.request('message:send', { room, body: `message ${id}`, client_msg_id: id }, 30_000);
          acked[s].push(id);
        } catch (error) {
          refused++;
          errors.add(`send refused: ${(error as Error).message}`);
        }
      }
    }),
  );
  await cutter;
  stop();
  const total = acked.flat().length;
  let stored: string[] = [];
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    stored = await storedInOrder(room);
    if (stored.length >= total) break;
  }
  for (const deadline = Date.now() + 30_000; delivered.length < total && Date.now() < deadline; ) await sleep(100);
  const storedSet = new Set(stored);
  const lost = acked.flat().filter((id) => !storedSet.has(id)).length;
  const duplicates = stored.length - storedSet.size;
  // Each sender's messages in the stored order must be the order it sent them.
  const outOfOrder = acked.filter((ids, s) => stored.filter((id) => id.startsWith(`s${s}-`)).join() !== ids.join()).length;
  const deliveredInOrder = delivered.every((seq, i) => seq === i + 1) && delivered.length === stored.length;
  if (lost > 0) errors.add(`${lost} acknowledged message(s) lost`);
  if (duplicates > 0) errors.add(`${duplicates} message(s) stored twice`);
  if (outOfOrder > 0) errors.add(`${outOfOrder} sender(s) stored out of send order`);
  if (!deliveredInOrder) errors.add('deliveries missing or out of seq order');
  return { sent, acked: total, refused, lost, duplicates, senders_out_of_order: outOfOrder, delivered: delivered.length, delivered_in_order: deliveredInOrder, cut_seconds: (backAt - cutAt) / 1000, drained_seconds_after_return: (drainedAt - backAt) / 1000 };
}

async function natsPhase() {
  const users = await Promise.all(Array.from({ length: settings.pairs }, () => platform.user()));
  const rooms = await Promise.all(users.map((user) => platform.room(user.token)));
  const clients = await Promise.all(users.map(open));
  await nats.stop();
  const cutAt = Date.now();
  let backAt = 0;
  const firstOk: number[] = users.map(() => 0);
  const refusals: number[] = [];
  const sending = clients.map(async (socket, p) => {
    for (let n = 0; n < 50; n++) {
      try {
        await socket.request('message:send', { room: rooms[p], body: `pair ${p}`, client_msg_id: `p${p}-${n}` }, 15_000);
        firstOk[p] ||= Date.now();
      } catch (error) {
        refusals.push(Date.now());
        if (backAt) errors.add(`pair refused after NATS returned: ${(error as Error).message}`);
      }
      await sleep(100);
    }
  });
  await sleep(3_000);
  await nats.restart();
  backAt = Date.now();
  await Promise.all(sending);
  const firstSuccess = Math.min(...firstOk.filter(Boolean));
  const allAccepted = Math.max(...firstOk);
  const refusedAfterFirstSuccess = refusals.filter((at) => at > firstSuccess).length;
  if (firstOk.some((at) => at === 0)) errors.add('a pair never got a send through');
  return {
    pairs: settings.pairs,
    cut_seconds: (backAt - cutAt) / 1000,
    first_success_after_return_ms: firstSuccess - backAt,
    every_pair_accepted_within_ms_of_first_success: allAccepted - firstSuccess,
    refused_while_away: refusals.filter((at) => at <= backAt).length,
    refused_after_return: refusals.filter((at) => at > backAt).length,
    refused_after_first_success: refusedAfterFirstSuccess,
  };
}

runBenchmark({
  errors,
  errorsAre: 'failure(s) of the outage campaign',
  body: async () => {
    log(machineLine(NAME));
    await Promise.all([postgres.start(), nats.start()]);
    const viaProxy = new URL(platform.databaseUrl);
    viaProxy.port = String(postgres.port);
    const natsUrl = `nats://127.0.0.1:${nats.port}`;
    await platform.startCore({ DATABASE_URL: viaProxy.toString(), NATS_URL: natsUrl });
    await platform.startEdge({ NATS_URL: natsUrl });
    const pg = await postgresPhase();
    const n = await natsPhase();
    log(pressureLine());
    printTable(
      ['phase', 'figure', 'value'],
      [
        ['postgres', `sends at ${settings.rate} msg/s, PostgreSQL cut ${pg.cut_seconds.toFixed(1)} s`, `${fmtInt(pg.sent)} sent, ${fmtInt(pg.acked)} acked, ${pg.refused} refused`],
        ['postgres', 'lost / stored twice / senders out of order', `${pg.lost} / ${pg.duplicates} / ${pg.senders_out_of_order}`],
        ['postgres', 'the backlog of the cut stored, after PostgreSQL returned', `${fmtMs(pg.drained_seconds_after_return, 1)} s`],
        ['postgres', 'delivered in seq order', `${fmtInt(pg.delivered)} (${pg.delivered_in_order ? 'yes' : 'NO'})`],
        ['nats', `${n.pairs} new pairs sending while NATS was cut ${n.cut_seconds.toFixed(1)} s`, `first success ${fmtInt(n.first_success_after_return_ms)} ms after the return`],
        ['nats', 'every pair accepted within, of the first success', `${fmtInt(n.every_pair_accepted_within_ms_of_first_success)} ms (goal ≤ 1,000)`],
        ['nats', 'refused after the return / after the first success', `${n.refused_after_return} / ${n.refused_after_first_success} (${n.refused_while_away} while away)`],
      ],
    );
    writeResults(NAME, { benchmark: NAME, settings, machine: machineInfo(), postgres: pg, nats: n });
  },
  cleanup: async () => {
    await closeAll(sockets);
    const clean = await platform.stop(); // stops the children, then deletes what the run made
    await Promise.all([postgres.stop(), nats.stop()]);
    return clean;
  },
});

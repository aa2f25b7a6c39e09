/**
 * Benchmark: memory of idle authenticated sockets on the edge (ws-producer), against a bare `ws`
 * server measured in the same run.
 *
 *   npm run bench:connections
 *
 * Starts auth + ws-consumer in one child process and ws-producer alone in another (database
 * `realtime_bench_<hex>` of its own, a fresh NAME_PREFIX `bench_<hex>_`), and the bare server
 * (bench/support/bare-ws-server.ts) in a third. From this process it opens CONNECTIONS (10,000)
 * sockets to each server in turn, BENCH_OPEN_CONCURRENCY (200) handshakes at a time, all with the
 * same user's token (the edge caches ValidateToken), and joins each to one of BENCH_ROOMS (10)
 * rooms. The server's RSS is read in its own process over IPC, after forced GC (--expose-gc):
 * before the sockets (after a warm-up batch of BENCH_WARMUP_SOCKETS (200), opened and closed, that
 * loads lazy code), then after each of BENCH_STEPS (8) equal steps of sockets, each
 * BENCH_SETTLE_SECONDS (2) after the step's last join. The goal is judged on the median RSS growth
 * of the steps after the first, per 10k sockets (the marginal cost of a socket: RSS grows in
 * jumps when V8 reserves heap, which a median ignores); the growth from zero is printed beside it. Prints both servers' figures and their ratio, writes
 * bench/results/connections.json, exits non-zero only on errors (a refused socket or join, a
 * socket closed by the server, a service failing). See
 * bench/README.md.
 */
import 'reflect-metadata';
import { BenchChild } from '../support/bench-child';
import { BenchPlatform } from '../support/bench-platform';
import { BenchSocket, closeAll, runMany } from '../support/bench-socket';
import {
  ErrorTally,
  fmtInt,
  fmtMiB,
  fmtRatio,
  interrupt,
  log,
  machineInfo,
  machineLine,
  numberFromEnv,
  openFileLimit,
  pressureLine,
  printTable,
  round,
  runBenchmark,
  waitFor,
  writeResults,
} from '../support/bench-kit';

const NAME = 'connections';
const GOAL_RATIO = 1.2;
/** Descriptors a process needs beside the sockets (NATS, PostgreSQL, Redis, gRPC, files). */
const FD_MARGIN = 300;

const requested = Math.floor(numberFromEnv('CONNECTIONS', 10_000, 1, 1_000_000));
const fdLimit = openFileLimit();
const settings = {
  requested,
  connections: Math.min(requested, Math.max(1, fdLimit - FD_MARGIN)),
  rooms: Math.floor(numberFromEnv('BENCH_ROOMS', 10, 1, 1_000)),
  concurrency: Math.floor(numberFromEnv('BENCH_OPEN_CONCURRENCY', 200, 1, 10_000)),
  settleSeconds: numberFromEnv('BENCH_SETTLE_SECONDS', 2, 0, 600),
  warmupSockets: Math.floor(numberFromEnv('BENCH_WARMUP_SOCKETS', 200, 0, 100_000)),
  steps: Math.floor(numberFromEnv('BENCH_STEPS', 8, 3, 100)),
};

interface Measured {
  target: string;
  sockets: number;
  before: NodeJS.MemoryUsage;
  /** A reading after each step: sockets open then, and the server's memory. */
  readings: { sockets: number; memory: NodeJS.MemoryUsage }[];
  after: NodeJS.MemoryUsage;
  openSeconds: number;
  closedByServer: number;
}

const per10k = (bytes: number, sockets: number) => (bytes * 10_000) / sockets;

/**
 * Opens the sockets against one server, joins them, reads the server's memory, closes them.
 * The warm-up batch goes first and is closed again before the first reading, so that code
 * loaded or compiled on first use is not counted as per-socket memory.
 */
async function measure(label: string, child: BenchChild, url: string, token: string, rooms: string[], errors: ErrorTally): Promise<Measured> {
  const openAndJoin = async (i: number): Promise<BenchSocket> => {
    const socket = await BenchSocket.open(url, token);
    try {
      await socket.request('room:join', { room: rooms[i % rooms.length] });
    } catch (error) {
      socket.terminate();
      throw error;
    }
    return socket;
  };
  if (settings.warmupSockets > 0) {
    const warm = await runMany(settings.warmupSockets, settings.concurrency, `[${label} warm-up]`, openAndJoin);
    await closeAll(warm);
    await waitFor(500);
  }
  const before = await child.memory();
  log(`[${label}] server RSS before: ${fmtMiB(before.rss)} (heap used ${fmtMiB(before.heapUsed)})`);
  // In steps, with a reading after each: the median growth of the steps after the first is the
  // marginal cost of a socket, free of one-time growth (V8 reserving heap and young-generation
  // space, allocator arenas) that the first steps pay, and less noisy than any two readings.
  const sockets: BenchSocket[] = [];
  const readings: Measured['readings'] = [];
  let openSeconds = 0;
  let closedByServer = 0;
  for (let step = 1; step <= settings.steps && !interrupt.aborted; step++) {
    const target = Math.floor((settings.connections * step) / settings.steps);
    const from = sockets.length;
    const started = Date.now();
    const opened = await runMany(target - from, settings.concurrency, `[${label}] open + join (step ${step}/${settings.steps})`, (i) => openAndJoin(from + i));
    openSeconds += (Date.now() - started) / 1000;
    for (const socket of opened) {
      socket.onClose = (code) => {
        closedByServer++;
        errors.add(`${label}: socket closed by the server (${code})`);
      };
      sockets.push(socket);
    }
    await waitFor(settings.settleSeconds * 1000);
    const memory = await child.memory();
    readings.push({ sockets: sockets.length, memory });
    log(`[${label}] server RSS with ${fmtInt(sockets.length)} sockets: ${fmtMiB(memory.rss)} (heap used ${fmtMiB(memory.heapUsed)})`);
  }
  const open = sockets.filter((s) => s.open).length;
  if (open < sockets.length) errors.add(`${label}: ${sockets.length - open} socket(s) not open at the last reading`);
  for (const socket of sockets) socket.onClose = undefined;
  await closeAll(sockets);
  const after = readings[readings.length - 1]?.memory ?? before;
  return { target: label, sockets: sockets.length, before, readings, after, openSeconds, closedByServer };
}

/**
 * Median of the step-to-step slopes (y growth per x) between consecutive points. RSS grows in
 * jumps when V8 reserves more heap; a median of the steps ignores a jump where a least-squares
 * slope (tried first) is pulled by it.
 */
function medianStepSlope(points: { x: number; y: number }[]): number {
  const slopes: number[] = [];
  for (let i = 1; i < points.length; i++) if (points[i].x > points[i - 1].x) slopes.push((points[i].y - points[i - 1].y) / (points[i].x - points[i - 1].x));
  if (slopes.length === 0) return NaN;
  slopes.sort((p, q) => p - q);
  const mid = Math.floor(slopes.length / 2);
  return slopes.length % 2 === 1 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2;
}

/** RSS growth per 10k sockets from no sockets to all of them. */
const rssPer10k = (m: Measured) => per10k(m.after.rss - m.before.rss, m.sockets);
/** RSS growth per 10k sockets after the first step: the median step slope (the marginal cost of a socket). */
const rssPer10kMarginal = (m: Measured) => medianStepSlope(m.readings.map((r) => ({ x: r.sockets, y: r.memory.rss }))) * 10_000;

function row(m: Measured): string[] {
  const d = (key: keyof NodeJS.MemoryUsage) => m.after[key] - m.before[key];
  return [
    m.target,
    fmtInt(m.sockets),
    fmtMiB(m.before.rss),
    m.readings.map((r) => (r.memory.rss / 1048576).toFixed(0)).join(' / '),
    fmtMiB(rssPer10k(m)),
    fmtMiB(rssPer10kMarginal(m)),
    fmtInt(d('rss') / m.sockets),
    fmtMiB(per10k(d('heapUsed'), m.sockets)),
    fmtInt(m.sockets / m.openSeconds),
  ];
}

function json(m: Measured) {
  const d = (key: keyof NodeJS.MemoryUsage) => m.after[key] - m.before[key];
  const mib = (bytes: number) => round(bytes / 1048576, 2);
  return {
    sockets: m.sockets,
    rss_before_bytes: m.before.rss,
    readings: m.readings.map((r) => ({ sockets: r.sockets, rss_bytes: r.memory.rss, heap_used_bytes: r.memory.heapUsed })),
    rss_after_bytes: m.after.rss,
    rss_delta_bytes: d('rss'),
    rss_delta_per_10k_mib: mib(rssPer10k(m)),
    rss_marginal_per_10k_mib: mib(rssPer10kMarginal(m)),
    rss_bytes_per_socket: round(d('rss') / m.sockets, 0),
    heap_used_delta_per_10k_mib: mib(per10k(d('heapUsed'), m.sockets)),
    heap_total_delta_per_10k_mib: mib(per10k(d('heapTotal'), m.sockets)),
    external_delta_per_10k_mib: mib(per10k(d('external'), m.sockets)),
    open_and_join_per_sec: round(m.sockets / m.openSeconds, 1),
    closed_by_server: m.closedByServer,
  };
}

const platform = new BenchPlatform();
const errors = new ErrorTally();

async function main(): Promise<void> {
  log(machineLine(NAME));
  log(`  ${fmtInt(settings.connections)} sockets per server, joined to ${settings.rooms} rooms, ${settings.concurrency} handshakes in flight; open-file limit ${fdLimit}`);
  if (settings.connections < settings.requested) {
    log(`  NOTE: CONNECTIONS=${fmtInt(settings.requested)} lowered to ${fmtInt(settings.connections)}: \`ulimit -n\` is ${fdLimit} and each side needs one descriptor a socket plus ~${FD_MARGIN}; raise it (ulimit -n) for more`);
  }
  await platform.startCore();
  const user = await platform.user();
  const rooms: string[] = [];
  for (let i = 0; i < settings.rooms; i++) rooms.push(await platform.room(user.token));
  const edge = await platform.startEdge();
  log(`user ${user.username} (${user.id}); rooms ${rooms[0]} … ${rooms[rooms.length - 1]}`);
  const bare = await platform.startBare(user.id);
  log(`bare ws child pid ${bare.pid}: ${platform.bareWsUrl}`);

  const edgeResult = await measure('edge (ws-producer)', edge, platform.edgeWsUrl, user.token, rooms, errors);
  const bareResult = interrupt.aborted ? undefined : await measure('bare ws', bare, platform.bareWsUrl, user.token, rooms, errors);

  // The goal is judged on the marginal figure (median step from N/steps on): the first sockets also pay one-time
  // growth (V8 reserving heap and young-generation space, allocator arenas) that a server which
  // has loaded more code at start-up, like the edge, has already paid, which flatters it.
  const ratio = bareResult ? rssPer10kMarginal(edgeResult) / rssPer10kMarginal(bareResult) : NaN;
  const fullRatio = bareResult ? rssPer10k(edgeResult) / rssPer10k(bareResult) : NaN;
  const heapPer10k = (m: Measured) => per10k(m.after.heapUsed - m.before.heapUsed, m.sockets);
  const heapRatio = bareResult ? heapPer10k(edgeResult) / heapPer10k(bareResult) : NaN;
  const met = Number.isFinite(ratio) && ratio <= GOAL_RATIO;

  log('');
  log(pressureLine());
  printTable(
    ['server', 'sockets', 'RSS 0', `RSS MiB after each 1/${settings.steps}`, 'RSS / 10k (0→N)', 'RSS / 10k (median step)', 'bytes / socket (0→N)', 'heap used / 10k', 'open+join /s'],
    [row(edgeResult), ...(bareResult ? [row(bareResult)] : [])],
  );
  printTable(
    ['figure', 'value'],
    [
      ['edge RSS per 10k sockets (median step)', fmtMiB(rssPer10kMarginal(edgeResult))],
      ['bare ws RSS per 10k sockets (median step)', bareResult ? fmtMiB(rssPer10kMarginal(bareResult)) : 'n/a'],
      ['ratio edge / bare ws (median step)', fmtRatio(ratio)],
      ['(info) ratio from no sockets (0→N)', fmtRatio(fullRatio)],
      ['(info) ratio of V8 heap used (0→N)', fmtRatio(heapRatio)],
      [`goal ≤ ${GOAL_RATIO}× bare ws`, met ? 'MET' : 'NOT MET'],
    ],
  );
  if (!interrupt.aborted) log(`goal met: ${met ? 'yes' : 'no'} (edge RSS per 10k sockets (median step) is ${fmtRatio(ratio)} the bare ws server's; goal ≤ ${GOAL_RATIO}×)`);

  writeResults(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    ...machineInfo(),
    connections: settings.connections,
    connections_requested: settings.requested,
    open_file_limit: Number.isFinite(fdLimit) ? fdLimit : null,
    rooms: settings.rooms,
    settle_seconds: settings.settleSeconds,
    steps: settings.steps,
    edge: json(edgeResult),
    baseline: bareResult ? json(bareResult) : null,
    /** Edge / bare ws RSS growth per socket, median of the steps after the first (the goal's figure). */
    ratio: round(ratio, 3),
    ratio_from_zero: round(fullRatio, 3),
    heap_used_ratio: round(heapRatio, 3),
    goal: { max_ratio: GOAL_RATIO, met },
    errors: errors.total,
  });
}

runBenchmark({ errors, body: main, cleanup: () => platform.stop() });

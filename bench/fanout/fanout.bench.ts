/**
 * Benchmark: fan-out of one room to 1,000 subscribers through the platform (WS → ws-producer →
 * JetStream → ws-consumer → PostgreSQL → NATS → ws-producer → 1,000 sockets), against a bare `ws`
 * server that broadcasts each sent message to the same 1,000 sockets, in the same run.
 *
 *   npm run bench:fanout
 *
 * Starts auth + ws-consumer in one child process, ws-producer alone in another (with
 * WS_RATE_PER_SEC=100000 so the single sender is not rate-limited; the default is 50 frames/s
 * per socket), and the bare server in a third. The subscriber sockets and the sender live in
 * this process, so that send and delivery times come from one clock and the servers' CPU is
 * theirs alone; this process's CPU is reported beside them (if it nears one core, the clients
 * are the limit, for both servers alike).
 *
 * For each server: BENCH_SUBSCRIBERS (1,000) sockets join one room; then
 *   full load: as fast as acked sends allow, BENCH_WINDOW (16) sends unacked and at most
 *     BENCH_MAX_UNDELIVERED (16) messages not yet at every subscriber, BENCH_SECONDS (10) after
 *     BENCH_WARMUP_SECONDS (2);
 *   half load: a fixed rate of half the edge's full-load messages/s (BENCH_HALF_RATE to set it),
 *     BENCH_HALF_SECONDS (10), the same rate for both servers, unless that is more than half of
 *     what the bare server managed at full load: then the bare server runs at its own half (an
 *     open-loop rate past a server's capacity never drains, and says nothing about latency).
 * Bodies are BENCH_BODY_CHARS (200) characters. Reports deliveries/s and publish→deliver
 * latency (p50/p90/p99/max over every subscriber's copy), writes bench/results/fanout.json, and
 * exits non-zero only on errors (a send refused, a socket closed, deliveries missing).
 */
import 'reflect-metadata';
import { BenchChild } from '../support/bench-child';
import { BenchPlatform } from '../support/bench-platform';
import { BenchSocket, runMany } from '../support/bench-socket';
import { cpuJson, cpuText, percentilesJson, runFullThenRate, type PhaseResult } from '../support/load-driver';
import { ErrorTally, fmtInt, fmtMs, fmtRatio, interrupt, log, machineInfo, machineLine, numberFromEnv, pressureLine, printTable, round, runBenchmark, writeResults } from '../support/bench-kit';

const NAME = 'fanout';
const GOAL_RATIO = 0.8;
const GOAL_HALF_P99_MS = 50;
/** The edge's per-socket frame rate for this run (the sender sends thousands of frames a second). */
const EDGE_RATE_PER_SEC = '100000';

const settings = {
  subscribers: Math.floor(numberFromEnv('BENCH_SUBSCRIBERS', 1_000, 1, 100_000)),
  seconds: numberFromEnv('BENCH_SECONDS', 10, 1, 3_600),
  halfSeconds: numberFromEnv('BENCH_HALF_SECONDS', 10, 1, 3_600),
  warmupSeconds: numberFromEnv('BENCH_WARMUP_SECONDS', 2, 0, 600),
  window: Math.floor(numberFromEnv('BENCH_WINDOW', 16, 1, 100_000)),
  maxUndelivered: Math.floor(numberFromEnv('BENCH_MAX_UNDELIVERED', 16, 1, 1_000_000)),
  halfRate: numberFromEnv('BENCH_HALF_RATE', 0, 0, 1_000_000),
  bodyChars: Math.floor(numberFromEnv('BENCH_BODY_CHARS', 200, 1, 4_000)),
  concurrency: Math.floor(numberFromEnv('BENCH_OPEN_CONCURRENCY', 200, 1, 10_000)),
};

interface TargetResult {
  target: string;
  full: PhaseResult;
  half: PhaseResult | undefined;
}

async function runTarget(
  target: string,
  letter: string,
  url: string,
  token: string,
  room: string,
  probes: BenchChild[],
  halfRate: (full: PhaseResult) => number,
  errors: ErrorTally,
): Promise<TargetResult> {
  const subscribers = await runMany(settings.subscribers, settings.concurrency, `[${target}] subscribers open + join`, async () => {
    const socket = await BenchSocket.open(url, token);
    await socket.request('room:join', { room });
    return socket;
  });
  const sender = await BenchSocket.open(url, token);
  const { full, rate: half } = await runFullThenRate(
    sender,
    subscribers,
    { room, bodyChars: settings.bodyChars, window: settings.window, maxUndelivered: settings.maxUndelivered, maxInFlight: Math.max(1_000, settings.window * 8), letter, errors },
    {
      label: target,
      rateLabel: (rate) => `${target} half (${fmtInt(rate)} msg/s)`,
      warmupSeconds: settings.warmupSeconds,
      seconds: settings.seconds,
      rate: (full) => Math.max(1, Math.round(halfRate(full))),
      rateSeconds: settings.halfSeconds,
      probes,
    },
  );
  return { target, full, half };
}

/** Microseconds of the server process's CPU per delivery (robust when other work shares the machine). */
const usPerDelivery = (p: PhaseResult, server: string) => ((p.cpu[server] ?? NaN) * 1e6) / p.deliveriesPerSec;
const fmtUs = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');

function rows(result: TargetResult): string[][] {
  const line = (phase: string, p: PhaseResult) => [
    result.target,
    phase,
    fmtInt(p.sentPerSec),
    fmtInt(p.deliveriesPerSec),
    fmtMs(p.deliver.p50),
    fmtMs(p.deliver.p90),
    fmtMs(p.deliver.p99),
    fmtMs(p.deliver.max),
    fmtMs(p.ack.p99),
    cpuText(p.cpu),
  ];
  return [line('full load', result.full), ...(result.half ? [line(`half: ${result.half.mode}`, result.half)] : [])];
}

function json(p: PhaseResult | undefined) {
  if (!p) return null;
  return {
    mode: p.mode,
    seconds: round(p.seconds, 3),
    messages_per_sec: round(p.sentPerSec, 1),
    deliveries_per_sec: round(p.deliveriesPerSec, 1),
    publish_to_deliver: percentilesJson(p.deliver),
    ack: percentilesJson(p.ack),
    missing_deliveries: p.missing,
    skipped_sends: p.skipped,
    cpu_cores: cpuJson(p.cpu),
  };
}

const platform = new BenchPlatform();
const errors = new ErrorTally();

async function main(): Promise<void> {
  log(machineLine(NAME));
  log(
    `  ${fmtInt(settings.subscribers)} subscribers in one room; full load: window ${settings.window}, ≤${settings.maxUndelivered} undelivered, ${settings.seconds}s after ${settings.warmupSeconds}s warm-up; ` +
      `half load ${settings.halfSeconds}s; bodies ${settings.bodyChars} chars; edge WS_RATE_PER_SEC=${EDGE_RATE_PER_SEC}`,
  );
  await platform.startCore();
  const user = await platform.user();
  const room = await platform.room(user.token);
  const edge = await platform.startEdge({ WS_RATE_PER_SEC: EDGE_RATE_PER_SEC });
  const bare = await platform.startBare(user.id);
  log(`bare ws child pid ${bare.pid}: ${platform.bareWsUrl}; user ${user.username} (${user.id}), room ${room}`);

  const core = platform.core as BenchChild;
  const edgeResult = await runTarget('edge', 'f', platform.edgeWsUrl, user.token, room, [edge, core], (full) => settings.halfRate || full.sentPerSec / 2, errors);
  const halfRate = settings.halfRate || edgeResult.full.sentPerSec / 2;
  const bareResult = interrupt.aborted ? undefined : await runTarget('bare ws', 'b', platform.bareWsUrl, user.token, room, [bare], (full) => Math.min(halfRate, full.sentPerSec / 2), errors);

  const ratio = bareResult ? edgeResult.full.deliveriesPerSec / bareResult.full.deliveriesPerSec : NaN;
  const ratioMet = Number.isFinite(ratio) && ratio >= GOAL_RATIO;
  const halfP99 = edgeResult.half?.deliver.p99 ?? NaN;
  const latencyMet = Number.isFinite(halfP99) && halfP99 <= GOAL_HALF_P99_MS;

  log('');
  log(pressureLine());
  printTable(
    ['server', 'phase', 'msg/s', 'deliveries/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'ack p99 ms', 'CPU (cores)'],
    [...rows(edgeResult), ...(bareResult ? rows(bareResult) : [])],
  );
  printTable(
    ['figure', 'value'],
    [
      ['edge deliveries/s, full load', fmtInt(edgeResult.full.deliveriesPerSec)],
      ['bare ws deliveries/s, full load', bareResult ? fmtInt(bareResult.full.deliveriesPerSec) : 'n/a'],
      ['ratio edge / bare ws', fmtRatio(ratio)],
      [`edge p99 publish→deliver at half load (${fmtInt(halfRate)} msg/s)`, `${fmtMs(halfP99)} ms`],
      [`bare ws p99 at half load (${bareResult?.half?.mode ?? 'n/a'})`, bareResult?.half ? `${fmtMs(bareResult.half.deliver.p99)} ms` : 'n/a'],
      ['(info) server CPU per delivery, full load: edge / bare ws', `${fmtUs(usPerDelivery(edgeResult.full, 'edge'))} / ${bareResult ? fmtUs(usPerDelivery(bareResult.full, 'bare-ws')) : 'n/a'} µs`],
      ['(info) ratio of CPU per delivery edge / bare ws', fmtRatio(bareResult ? usPerDelivery(edgeResult.full, 'edge') / usPerDelivery(bareResult.full, 'bare-ws') : NaN)],
      [`goal ≥ ${GOAL_RATIO}× bare ws deliveries/s`, ratioMet ? 'MET' : 'NOT MET'],
      [`goal p99 ≤ ${GOAL_HALF_P99_MS} ms at half load`, latencyMet ? 'MET' : 'NOT MET'],
    ],
  );
  if (!interrupt.aborted) log(`goal met: ${ratioMet ? 'yes' : 'no'} (deliveries/s ${fmtRatio(ratio)} the bare ws server's; goal ≥ ${GOAL_RATIO}×)`);
  if (!interrupt.aborted) log(`goal met: ${latencyMet ? 'yes' : 'no'} (p99 publish→deliver at half load ${fmtMs(halfP99)} ms; goal ≤ ${GOAL_HALF_P99_MS} ms)`);

  writeResults(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    ...machineInfo(),
    subscribers: settings.subscribers,
    body_chars: settings.bodyChars,
    window: settings.window,
    max_undelivered: settings.maxUndelivered,
    warmup: settings.warmupSeconds,
    edge_ws_rate_per_sec: Number(EDGE_RATE_PER_SEC),
    half_rate_msg_per_sec: round(halfRate, 1),
    edge: { full: json(edgeResult.full), half: json(edgeResult.half) },
    baseline: bareResult ? { full: json(bareResult.full), half: json(bareResult.half) } : null,
    ratio: round(ratio, 3),
    server_cpu_us_per_delivery: {
      edge: round(usPerDelivery(edgeResult.full, 'edge'), 3),
      bare_ws: bareResult ? round(usPerDelivery(bareResult.full, 'bare-ws'), 3) : null,
    },
    goal: { min_ratio: GOAL_RATIO, ratio_met: ratioMet, half_load_p99_ms: GOAL_HALF_P99_MS, latency_met: latencyMet },
    errors: errors.total,
  });
}

runBenchmark({ errors, body: main, cleanup: () => platform.stop() });

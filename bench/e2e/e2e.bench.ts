/**
 * Benchmark: durable messages per second through the whole platform, WS → ws-producer →
 * JetStream (PubAck, then the ok to the sender) → ws-consumer → PostgreSQL → NATS → ws-producer →
 * WS, with the sender's ack latency, against raw JetStream acked publishes from Node in the same
 * run (@nats-io/jetstream js.publish, same payload, same window).
 *
 *   npm run bench:e2e
 *
 * Starts auth + ws-consumer in one child process and ws-producer alone in another (with
 * WS_RATE_PER_SEC=100000: the default 50 frames/s per socket would cap the one sender), database
 * `realtime_bench_<hex>` of its own, a fresh NAME_PREFIX. In this process a sender socket sends `message:send`
 * with BENCH_WINDOW (100) sends unacked and at most BENCH_MAX_UNDELIVERED (1,000) messages not yet
 * delivered, and a subscriber socket in the room counts the message:new deliveries:
 *   full load: as fast as that allows, BENCH_SECONDS (10) after BENCH_WARMUP_SECONDS (2);
 *   fixed rate: BENCH_FIXED_RATE (1,000) msg/s for BENCH_FIXED_SECONDS (10), open loop.
 * Then the baseline: js.publish of the same JSON the edge publishes (same size, a Nats-Msg-Id) to
 * a stream configured as CHAT (`<prefix>RAW`), the same window, the same two phases, on a
 * connection with noAsyncTraces (the leanest Node publisher). Bodies are
 * BENCH_BODY_CHARS (200) characters. Last, the search indexing check: the same full-load phase
 * on a second platform (database and prefix of its own) whose core runs with SEARCH_INDEXING=false,
 * against the first (indexing on, the default): durable messages/s with indexing must stay within
 * 10 % of without (BENCH_INDEXING_CHECK=false skips it). Writes bench/results/e2e.json; exits
 * non-zero only on errors (a send refused, a delivery missing, a publish failing).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import type { BenchChild } from '../support/bench-child';
import { cpuShare } from '../support/bench-child';
import { BenchPlatform, type BenchUser } from '../support/bench-platform';
import { BenchSocket } from '../support/bench-socket';
import { cpuJson, cpuText, percentiles, percentilesJson, runFullThenRate, type PhaseResult, type Percentiles } from '../support/load-driver';
import {
  ErrorTally,
  fmtInt,
  fmtMs,
  fmtRatio,
  interrupt,
  LatencyRecorder,
  log,
  machineCores,
  machineInfo,
  machineTicks,
  machineLine,
  numberFromEnv,
  pressureLine,
  printTable,
  processCores,
  processCpuSnapshot,
  progress,
  round,
  runBenchmark,
  SERVER_PROCESSES,
  servers,
  sleep,
  waitFor,
  writeResults,
} from '../support/bench-kit';

const NAME = 'e2e';
const GOAL_RATIO = 0.6;
const GOAL_INDEXING_RATIO = 0.9;
const GOAL_FIXED_P99_MS = 25;
const EDGE_RATE_PER_SEC = '100000';

const settings = {
  seconds: numberFromEnv('BENCH_SECONDS', 10, 1, 3_600),
  warmupSeconds: numberFromEnv('BENCH_WARMUP_SECONDS', 2, 0, 600),
  window: Math.floor(numberFromEnv('BENCH_WINDOW', 100, 1, 100_000)),
  maxUndelivered: Math.floor(numberFromEnv('BENCH_MAX_UNDELIVERED', 1_000, 1, 10_000_000)),
  fixedRate: numberFromEnv('BENCH_FIXED_RATE', 1_000, 1, 1_000_000),
  fixedSeconds: numberFromEnv('BENCH_FIXED_SECONDS', 10, 1, 3_600),
  bodyChars: Math.floor(numberFromEnv('BENCH_BODY_CHARS', 200, 1, 4_000)),
  indexingCheck: process.env.BENCH_INDEXING_CHECK !== 'false',
};

// ---------------------------------------------------------------------------------------------
// The baseline: raw JetStream publishes from this process

interface RawPhase {
  label: string;
  mode: string;
  seconds: number;
  published: number;
  perSec: number;
  ack: Percentiles;
  skipped: number;
  cpu: Record<string, number>;
}

/**
 * js.publish to a stream configured like CHAT (file storage, 2-minute duplicate window), with
 * the payload the edge publishes for a message:send of the same body (ChatPublish JSON) and a
 * Nats-Msg-Id, so the server does the same de-duplication work.
 */
class RawPublisher {
  private readonly js: JetStreamClient;
  private n = 0;
  private inFlight = 0;

  constructor(
    nc: NatsConnection,
    private readonly subject: string,
    private readonly senderId: string,
    private readonly room: string,
    private readonly body: string,
    private readonly errors: ErrorTally,
  ) {
    this.js = jetstream(nc, { timeout: 5_000 });
  }

  async phase(label: string, mode: { kind: 'window'; window: number } | { kind: 'rate'; perSec: number; maxInFlight: number }, warmupSeconds: number, seconds: number): Promise<RawPhase> {
    let sending = true;
    let measuring = false;
    let published = 0;
    let perSecond = 0;
    let skipped = 0;
    const ack = new LatencyRecorder();

    const publishOne = () => {
      const n = this.n++;
      const clientMsgId = `r${n}`;
      const payload = JSON.stringify({ message_id: randomUUID(), room: this.room, sender_id: this.senderId, body: this.body, client_msg_id: clientMsgId, sent_at: new Date().toISOString() });
      const measured = measuring;
      const started = performance.now();
      this.inFlight++;
      return this.js.publish(this.subject, payload, { msgID: `${this.senderId}:${clientMsgId}`, timeout: 5_000 }).then(
        () => {
          this.inFlight--;
          perSecond++;
          if (measured && measuring) {
            published++;
            ack.record(performance.now() - started);
          }
        },
        (error: unknown) => {
          this.inFlight--;
          this.errors.add(`raw js.publish failed: ${(error as Error).message}`);
        },
      );
    };

    const workers: Promise<void>[] = [];
    let pacer: NodeJS.Timeout | undefined;
    if (mode.kind === 'window') {
      // `window` loops, each keeping one publish in flight: exactly `window` unacked at any time.
      const worker = async () => {
        while (sending && !interrupt.aborted) await publishOne();
      };
      for (let i = 0; i < mode.window; i++) workers.push(worker());
    } else {
      const start = performance.now();
      let sentHere = 0;
      const tick = () => {
        if (!sending) return;
        const due = Math.floor(((performance.now() - start) * mode.perSec) / 1000) - sentHere;
        for (let i = 0; i < due; i++) {
          sentHere++;
          if (this.inFlight >= mode.maxInFlight) skipped++;
          else void publishOne();
        }
        pacer = setTimeout(tick, 1);
      };
      tick();
    }
    let stage = warmupSeconds > 0 ? ' warm-up' : '';
    const stopProgress = progress(
      () => `[${label}${stage}]`,
      (secs) => {
        const line = `${fmtInt(perSecond / secs)} publishes/s acked, ${fmtInt(this.inFlight)} unacked`;
        perSecond = 0;
        return line;
      },
    );
    try {
      await waitFor(warmupSeconds * 1000, 50);
      stage = '';
      const cpuBefore = process.cpuUsage();
      const machineBefore = machineTicks();
      const serversBefore = processCpuSnapshot(SERVER_PROCESSES);
      measuring = true;
      const start = performance.now();
      await waitFor(seconds * 1000, 50);
      measuring = false;
      const elapsed = (performance.now() - start) / 1000;
      const serversAfter = processCpuSnapshot(SERVER_PROCESSES);
      const cpu: Record<string, number> = { 'clients (publisher)': cpuShare(cpuBefore, process.cpuUsage(), elapsed) };
      Object.assign(cpu, processCores(serversBefore, serversAfter, elapsed, SERVER_PROCESSES));
      cpu.machine = machineCores(machineBefore, machineTicks());
      sending = false;
      clearTimeout(pacer);
      await Promise.all(workers);
      const until = performance.now() + 10_000;
      while (this.inFlight > 0 && performance.now() < until) await sleep(10);
      return {
        label,
        mode: mode.kind === 'window' ? `window ${mode.window}` : `${mode.perSec} msg/s`,
        seconds: elapsed,
        published,
        perSec: published / elapsed,
        ack: percentiles(ack),
        skipped,
        cpu,
      };
    } finally {
      stopProgress();
      clearTimeout(pacer);
      sending = false;
    }
  }
}

/** A stream with CHAT's configuration (shared/contracts/chat/chat-streams.ts) on its own subjects. */
async function createRawStream(nc: NatsConnection, prefix: string): Promise<string> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name: `${prefix}RAW`,
    subjects: [`${prefix}raw.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: 2 * 60 * 1e9,
    max_age: 7 * 86_400 * 1e9,
  });
  return `${prefix}raw.room`;
}

// ---------------------------------------------------------------------------------------------

function edgeJson(p: PhaseResult | undefined) {
  if (!p) return null;
  return {
    mode: p.mode,
    seconds: round(p.seconds, 3),
    sent_per_sec: round(p.sentPerSec, 1),
    acked_per_sec: round(p.ackedPerSec, 1),
    delivered_per_sec: round(p.messagesDeliveredPerSec, 1),
    ack: percentilesJson(p.ack),
    publish_to_deliver: percentilesJson(p.deliver),
    missing_deliveries: p.missing,
    skipped_sends: p.skipped,
    cpu_cores: cpuJson(p.cpu),
  };
}

function rawJson(p: RawPhase | undefined) {
  if (!p) return null;
  return {
    mode: p.mode,
    seconds: round(p.seconds, 3),
    acked_per_sec: round(p.perSec, 1),
    ack: percentilesJson(p.ack),
    skipped_publishes: p.skipped,
    cpu_cores: cpuJson(p.cpu),
  };
}

/** Microseconds of CPU per message, from cores busy and messages per second. */
const usPer = (cores: number | undefined, perSec: number) => ((cores ?? NaN) * 1e6) / perSec;

const platform = new BenchPlatform();
/** The comparison platform without search indexing (started after the first has stopped its load). */
let unindexed: BenchPlatform | undefined;
const errors = new ErrorTally();
let nc: NatsConnection | undefined;

interface PlatformRun {
  user: BenchUser;
  room: string;
  full: PhaseResult;
  fixed: PhaseResult | undefined;
}

/** Starts `on`'s core and edge, then a sender and a subscriber socket, and runs the full-load phase (and the fixed rate unless `fullOnly`). */
async function runPlatform(on: BenchPlatform, label: string, coreEnv: Record<string, string>, fullOnly: boolean): Promise<PlatformRun> {
  await on.startCore(coreEnv);
  const user = await on.user();
  const room = await on.room(user.token);
  const edge = await on.startEdge({ WS_RATE_PER_SEC: EDGE_RATE_PER_SEC });
  log(`user ${user.username} (${user.id}), room ${room}${Object.keys(coreEnv).length ? `; core with ${Object.entries(coreEnv).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`);
  const subscriber = await BenchSocket.open(on.edgeWsUrl, user.token);
  await subscriber.request('room:join', { room });
  const sender = await BenchSocket.open(on.edgeWsUrl, user.token);
  const { full, rate: fixed } = await runFullThenRate(
    sender,
    [subscriber],
    { room, bodyChars: settings.bodyChars, window: settings.window, maxUndelivered: settings.maxUndelivered, maxInFlight: Math.max(10_000, settings.window * 8), letter: 'e', errors },
    {
      label,
      rateLabel: (rate) => `${label} ${fmtInt(rate)} msg/s`,
      warmupSeconds: settings.warmupSeconds,
      seconds: settings.seconds,
      rate: () => settings.fixedRate,
      rateSeconds: fullOnly ? 0 : settings.fixedSeconds,
      probes: [edge, on.core as BenchChild],
    },
  );
  return { user, room, full, fixed };
}

/** Seconds until the core's search index has taken every stored message (its /ready lag reaches 0), and that lag when the load stopped. */
async function indexCatchUp(on: BenchPlatform): Promise<{ lagAtStop: number | null; seconds: number | null }> {
  const lag = async () => ((await (await fetch(`${on.coreUrl}/ready`)).json()) as { search?: { lag?: { messages?: number | null } } }).search?.lag?.messages ?? null;
  const lagAtStop = await lag();
  const started = performance.now();
  // The lag is sampled every 5 s: 0 twice in a row means caught up.
  for (let zeros = 0; zeros < 2 && performance.now() - started < 120_000 && !interrupt.aborted; ) {
    await sleep(500);
    zeros = (await lag()) === 0 ? zeros + 1 : 0;
  }
  return { lagAtStop, seconds: round((performance.now() - started) / 1000, 1) };
}

async function main(): Promise<void> {
  log(machineLine(NAME));
  log(
    `  window ${settings.window} unacked, ≤${settings.maxUndelivered} undelivered; ${settings.seconds}s after ${settings.warmupSeconds}s warm-up, then ${fmtInt(settings.fixedRate)} msg/s for ${settings.fixedSeconds}s; ` +
      `bodies ${settings.bodyChars} chars; edge WS_RATE_PER_SEC=${EDGE_RATE_PER_SEC}`,
  );
  const { user, room, full, fixed } = await runPlatform(platform, 'platform', {}, false);
  const catchUp = await indexCatchUp(platform);
  log(`search index: ${catchUp.lagAtStop ?? 'n/a'} message(s) behind when the load stopped, caught up ${catchUp.seconds} s later`);

  // The baseline: raw JetStream publishes from this process, same payload and window.
  let rawFull: RawPhase | undefined;
  let rawFixed: RawPhase | undefined;
  if (!interrupt.aborted) {
    // noAsyncTraces: the leanest publisher Node can be. With the default (true), nats.js builds
    // two Error objects (stack captured) per request, js.publish included; see bench/README.md.
    nc = await connect({ servers: servers.natsUrl, name: 'bench-e2e-raw', noAsyncTraces: true });
    const subject = await createRawStream(nc, platform.prefix);
    const raw = new RawPublisher(nc, subject, user.id, room, 'x'.repeat(settings.bodyChars), errors);
    rawFull = await raw.phase('raw JetStream full', { kind: 'window', window: settings.window }, settings.warmupSeconds, settings.seconds);
    if (!interrupt.aborted)
      rawFixed = await raw.phase(`raw JetStream ${fmtInt(settings.fixedRate)} msg/s`, { kind: 'rate', perSec: settings.fixedRate, maxInFlight: Math.max(10_000, settings.window * 8) }, Math.min(1, settings.warmupSeconds), settings.fixedSeconds);
  }

  // Search indexing's cost: the same full load on a platform whose core does not index.
  let withoutIndexing: PhaseResult | undefined;
  if (settings.indexingCheck && !interrupt.aborted) {
    await platform.stop();
    unindexed = new BenchPlatform();
    withoutIndexing = (await runPlatform(unindexed, 'platform, SEARCH_INDEXING=false', { SEARCH_INDEXING: 'false' }, true)).full;
  }
  const indexingRatio = withoutIndexing ? full.messagesDeliveredPerSec / withoutIndexing.messagesDeliveredPerSec : NaN;
  const indexingMet = Number.isFinite(indexingRatio) && indexingRatio >= GOAL_INDEXING_RATIO;

  const ratio = rawFull ? full.messagesDeliveredPerSec / rawFull.perSec : NaN;
  const ratioMet = Number.isFinite(ratio) && ratio >= GOAL_RATIO;
  const fixedP99 = fixed?.ack.p99 ?? NaN;
  const latencyMet = Number.isFinite(fixedP99) && fixedP99 <= GOAL_FIXED_P99_MS;

  log('');
  log(pressureLine());
  const edgeRow = (phase: string, p: PhaseResult) => [
    'platform WS→JS→PG→WS',
    phase,
    fmtInt(p.ackedPerSec),
    fmtInt(p.messagesDeliveredPerSec),
    fmtMs(p.ack.p50),
    fmtMs(p.ack.p90),
    fmtMs(p.ack.p99),
    fmtMs(p.ack.max),
    fmtMs(p.deliver.p50),
    fmtMs(p.deliver.p99),
    cpuText(p.cpu),
  ];
  const rawRow = (phase: string, p: RawPhase) => ['raw js.publish', phase, fmtInt(p.perSec), '–', fmtMs(p.ack.p50), fmtMs(p.ack.p90), fmtMs(p.ack.p99), fmtMs(p.ack.max), '–', '–', cpuText(p.cpu)];
  printTable(
    ['path', 'phase', 'acked/s', 'delivered/s', 'ack p50 ms', 'ack p90', 'ack p99', 'ack max', 'deliver p50', 'deliver p99', 'CPU (cores)'],
    [
      edgeRow(`full: ${full.mode}`, full),
      ...(fixed ? [edgeRow(`fixed: ${fixed.mode}`, fixed)] : []),
      ...(withoutIndexing ? [['same, SEARCH_INDEXING=false', ...edgeRow(`full: ${withoutIndexing.mode}`, withoutIndexing).slice(1)]] : []),
      ...(rawFull ? [rawRow(`full: ${rawFull.mode}`, rawFull)] : []),
      ...(rawFixed ? [rawRow(`fixed: ${rawFixed.mode}`, rawFixed)] : []),
    ],
  );
  printTable(
    ['figure', 'value'],
    [
      ['platform durable messages/s (delivered, full load)', fmtInt(full.messagesDeliveredPerSec)],
      ['raw JetStream acked publishes/s (same window)', rawFull ? fmtInt(rawFull.perSec) : 'n/a'],
      ['ratio platform / raw', fmtRatio(ratio)],
      [`platform ack p99 at ${fmtInt(settings.fixedRate)} msg/s`, `${fmtMs(fixedP99)} ms`],
      [`raw JetStream ack p99 at ${fmtInt(settings.fixedRate)} msg/s`, rawFixed ? `${fmtMs(rawFixed.ack.p99)} ms` : 'n/a'],
      ['(info) CPU per message, full load: edge / core / clients', `${fmtInt(usPer(full.cpu.edge, full.ackedPerSec))} / ${fmtInt(usPer(full.cpu.core, full.ackedPerSec))} / ${fmtInt(usPer(full.cpu.clients, full.ackedPerSec))} µs`],
      ['(info) CPU per message, full load: nats-server / postgres', `${fmtInt(usPer(full.cpu['nats-server'], full.ackedPerSec))} / ${fmtInt(usPer(full.cpu.postgres, full.ackedPerSec))} µs`],
      ['(info) CPU per publish, raw: publisher / nats-server', rawFull ? `${fmtInt(usPer(rawFull.cpu['clients (publisher)'], rawFull.perSec))} / ${fmtInt(usPer(rawFull.cpu['nats-server'], rawFull.perSec))} µs` : 'n/a'],
      ['platform durable messages/s without search indexing (same run)', withoutIndexing ? fmtInt(withoutIndexing.messagesDeliveredPerSec) : 'n/a'],
      ['ratio with / without indexing', fmtRatio(indexingRatio)],
      ['search index behind when the load stopped; caught up after', `${catchUp.lagAtStop ?? 'n/a'} messages; ${catchUp.seconds} s`],
      [`goal ≥ ${GOAL_RATIO}× raw throughput`, ratioMet ? 'MET' : 'NOT MET'],
      [`goal with indexing ≥ ${GOAL_INDEXING_RATIO}× without`, withoutIndexing ? (indexingMet ? 'MET' : 'NOT MET') : 'not measured'],
      [`goal ack p99 ≤ ${GOAL_FIXED_P99_MS} ms at ${fmtInt(settings.fixedRate)} msg/s`, latencyMet ? 'MET' : 'NOT MET'],
    ],
  );
  if (!interrupt.aborted) log(`goal met: ${ratioMet ? 'yes' : 'no'} (durable messages/s ${fmtRatio(ratio)} raw JetStream publishes/s; goal ≥ ${GOAL_RATIO}×)`);
  if (withoutIndexing) log(`goal met: ${indexingMet ? 'yes' : 'no'} (durable messages/s with search indexing ${fmtRatio(indexingRatio)} of without; goal ≥ ${GOAL_INDEXING_RATIO}×)`);
  if (!interrupt.aborted) log(`goal met: ${latencyMet ? 'yes' : 'no'} (ack p99 at ${fmtInt(settings.fixedRate)} msg/s ${fmtMs(fixedP99)} ms; goal ≤ ${GOAL_FIXED_P99_MS} ms)`);

  writeResults(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    ...machineInfo(),
    window: settings.window,
    max_undelivered: settings.maxUndelivered,
    body_chars: settings.bodyChars,
    warmup: settings.warmupSeconds,
    edge_ws_rate_per_sec: Number(EDGE_RATE_PER_SEC),
    platform: { full: edgeJson(full), fixed: edgeJson(fixed) },
    cpu_us_per_message: {
      edge: round(usPer(full.cpu.edge, full.ackedPerSec), 1),
      core: round(usPer(full.cpu.core, full.ackedPerSec), 1),
      clients: round(usPer(full.cpu.clients, full.ackedPerSec), 1),
      nats_server: round(usPer(full.cpu['nats-server'], full.ackedPerSec), 1),
      postgres: round(usPer(full.cpu.postgres, full.ackedPerSec), 1),
      raw_publisher: rawFull ? round(usPer(rawFull.cpu['clients (publisher)'], rawFull.perSec), 1) : null,
      raw_nats_server: rawFull ? round(usPer(rawFull.cpu['nats-server'], rawFull.perSec), 1) : null,
    },
    baseline: { full: rawJson(rawFull), fixed: rawJson(rawFixed) },
    ratio: round(ratio, 3),
    search_indexing: {
      without_indexing: edgeJson(withoutIndexing),
      ratio: round(indexingRatio, 3),
      index_lag_at_stop: catchUp.lagAtStop,
      catch_up_seconds: catchUp.seconds,
      goal_min_ratio: GOAL_INDEXING_RATIO,
      met: withoutIndexing ? indexingMet : null,
    },
    goal: { min_ratio: GOAL_RATIO, ratio_met: ratioMet, fixed_rate: settings.fixedRate, fixed_rate_ack_p99_ms: GOAL_FIXED_P99_MS, latency_met: latencyMet },
    errors: errors.total,
  });
}

runBenchmark({
  errors,
  body: main,
  cleanup: async () => {
    await nc?.close().catch(() => undefined);
    const stopped = await platform.stop();
    return (await (unindexed?.stop() ?? true)) && stopped;
  },
});

/**
 * Benchmark: seat holds under a rush, and the booking flow, of ticketing.
 *
 *   npm run bench:booking
 *
 * 1. Holds: BUYERS (10,000) buyers, IN_FLIGHT (200) at a time (a closed loop), each with an access
 *    token of its own, ask for one seat of a SEATS (1,000)-seat event: buyer i for seat i % SEATS,
 *    so exactly SEATS of them get a 201 and the rest a 409. Measured on the product (ticketing in
 *    its child process, checking each new token through auth's gRPC ValidateToken in another, the
 *    seat map in Redis), then on the same-run baseline (bench/support/bare-hold-server.ts: a bare
 *    node:http server verifying the same JWTs itself and running one PostgreSQL UPDATE per
 *    request), with the same load client, seat sequence and tokens; each after a warm-up of
 *    WARMUP_BUYERS (2,000) attempts on a warm-up event of its own. Then the ceiling: the same
 *    UPDATE loop from this process, no HTTP, IN_FLIGHT in flight over a pg Pool of PG_POOL (20).
 *    Checks: seats held = SEATS (201s per seat and the final seat map), no seat answered 201 twice.
 * 2. Booking flow: BOOKING_RATE (100) buyers a second for BOOKING_WARMUP_SECONDS (2, not counted)
 *    + BOOKING_SECONDS (20), each with a WebSocket to ws-producer opened beforehand, hold one seat,
 *    POST /v1/bookings (t0), wait for booking:processing on the socket, pay (Idempotency-Key), and
 *    measure t0 → booking:confirmed on the socket; each buyer's frames must arrive in order.
 *    Then diagnostics of where the flow's time went (PostgreSQL's view of the worker and the
 *    outbox relay, the services' PostgreSQL sessions sampled during the flow, stream TICKETING
 *    read back in order).
 *
 * The platform runs in child processes: auth, ticketing (with its booking worker), core
 * (ws-consumer) and edge (ws-producer), each alone; database `realtime_bench_<hex>` of its own,
 * a fresh NAME_PREFIX. The buyers are inserted into `users` directly and their tokens minted with
 * auth's own signer and the run's JWT_SECRET (registering 10,000 users over HTTP would take
 * minutes of scrypt). Writes bench/results/booking.json; exits non-zero on errors or wrong
 * answers; a missed goal is reported, not failed.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { JwtAccessTokenSigner } from '../../auth/adapters/outbound/jwt/jwt-access-token.signer';
import { JwtKeyring } from '../../auth/adapters/outbound/jwt/jwt.keyring';
import { insertUsers, tokenMinter } from '../support/bench-users';
import { loadAuthConfig } from '../../auth/index';
import { loadTicketingConfig } from '../../ticketing/index';
import { pgConnection } from '#kernel/pg/pg-pool';
import type { BenchChild } from '../support/bench-child';
import { cpuShare } from '../support/bench-child';
import { BenchPlatform } from '../support/bench-platform';
import { BenchSocket, closeAll, runMany, type Frame } from '../support/bench-socket';
import { cpuJson, cpuText, percentiles, percentilesJson, type Percentiles } from '../support/load-driver';
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
  machineLine,
  machineTicks,
  numberFromEnv,
  pressureLine,
  printTable,
  processCores,
  processCpuSnapshot,
  progress,
  round,
  runBenchmark,
  servers,
  sleep,
  writeResults,
} from '../support/bench-kit';

const NAME = 'booking';
const GOAL_RATIO = 1.2;
const GOAL_BOOKING_P99_MS = 500;
/** The servers whose CPU is reported beside the Node processes (all their users). */
const SERVER_PROCESSES = ['postgres', 'redis-server', 'nats-server'];

const settings = {
  buyers: Math.floor(numberFromEnv('BUYERS', 10_000, 1, 1_000_000)),
  inFlight: Math.floor(numberFromEnv('IN_FLIGHT', 200, 1, 5_000)),
  seats: Math.floor(numberFromEnv('SEATS', 1_000, 1, 10_000)),
  warmupBuyers: Math.floor(numberFromEnv('WARMUP_BUYERS', 2_000, 0, 1_000_000)),
  ceilingRounds: Math.floor(numberFromEnv('CEILING_ROUNDS', 3, 1, 100)),
  pgPool: Math.floor(numberFromEnv('PG_POOL', 20, 1, 200)),
  bookingRate: numberFromEnv('BOOKING_RATE', 100, 1, 5_000),
  bookingSeconds: numberFromEnv('BOOKING_SECONDS', 20, 0, 600),
  bookingWarmupSeconds: numberFromEnv('BOOKING_WARMUP_SECONDS', 2, 0, 60),
  bookingTimeoutSeconds: numberFromEnv('BOOKING_TIMEOUT_SECONDS', 30, 1, 600),
};
const flowCount = settings.bookingSeconds > 0 ? Math.ceil(settings.bookingRate * (settings.bookingWarmupSeconds + settings.bookingSeconds)) : 0;
const flowWarmupCount = Math.min(flowCount, Math.ceil(settings.bookingRate * settings.bookingWarmupSeconds));

const platform = new BenchPlatform();
const errors = new ErrorTally();
const ownDatabase = !process.env.BENCH_DATABASE_URL;
/** The baseline's table: in the run's own database `bench_seats`; in a shared one, one per run. */
const benchTable = ownDatabase ? 'bench_seats' : `bench_seats_${platform.runId}`;
let pool: Pool | undefined;
const agents: Agent[] = [];

// ---------------------------------------------------------------------------------------------
// HTTP

interface Answer {
  status: number;
  text: string;
}

function newAgent(maxSockets: number): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets });
  agents.push(agent);
  return agent;
}

/**
 * One request over `agent`; resolves with the whole answer. A request on a kept-alive socket that
 * the server closed meanwhile (its keepAliveTimeout, 5 s for express) fails with ECONNRESET before
 * the server read it: that one is sent again once, on a new socket, as Node's documentation
 * advises (`req.reusedSocket`).
 */
function send(agent: Agent, port: number, method: string, path: string, token: string | undefined, body?: string, headers: Record<string, string> = {}, retried = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && error.code === 'ECONNRESET') send(agent, port, method, path, token, body, headers, true).then(resolve, reject);
      else reject(error);
    });
    req.end(body);
  });
}

async function sendJson(agent: Agent, port: number, method: string, path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }> {
  const answer = await send(agent, port, method, path, token, body === undefined ? undefined : JSON.stringify(body), headers);
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    json = undefined;
  }
  return { ...answer, json };
}

// ---------------------------------------------------------------------------------------------
// CPU over a phase

/** Starts measuring CPU; the returned function gives cores per process since then. */
async function cpuWindow(probes: BenchChild[], clientsName = 'clients'): Promise<() => Promise<Record<string, number>>> {
  const before = await Promise.all(probes.map((p) => p.cpu()));
  const own = process.cpuUsage();
  const machine = machineTicks();
  const servers = processCpuSnapshot(SERVER_PROCESSES);
  const start = performance.now();
  return async () => {
    const seconds = (performance.now() - start) / 1000;
    const ownAfter = process.cpuUsage();
    const machineAfter = machineTicks();
    const serversAfter = processCpuSnapshot(SERVER_PROCESSES);
    const after = await Promise.all(probes.map((p) => p.cpu()));
    const cpu: Record<string, number> = {};
    probes.forEach((probe, i) => (cpu[probe.name] = cpuShare(before[i], after[i], seconds)));
    cpu[clientsName] = cpuShare(own, ownAfter, seconds);
    Object.assign(cpu, processCores(servers, serversAfter, seconds, SERVER_PROCESSES));
    cpu.machine = machineCores(machine, machineAfter);
    // The machine beside the processes listed: kernel time charged to no process (softirq work of
    // the loopback traffic, mostly: 0.1-0.2 cores at the bare server's rates) and other work
    // sharing the machine (far above that: a shared machine, noisy figures).
    cpu.others = Math.max(0, cpu.machine - Object.entries(cpu).reduce((sum, [name, cores]) => (name === 'machine' ? sum : sum + cores), 0));
    return cpu;
  };
}

/** Microseconds of CPU per operation from cores busy and operations per second. */
const usPer = (cores: number | undefined, perSec: number) => ((cores ?? NaN) * 1e6) / perSec;

// ---------------------------------------------------------------------------------------------
// Phase 1: holds

interface HoldRun {
  label: string;
  attempts: number;
  seconds: number;
  perSec: number;
  created: number;
  conflicts: number;
  failed: number;
  latency: Percentiles;
  /** Seats answered 201 at least once, and more than once. */
  seatsHeld: number;
  doubleHolds: number;
  cpu: Record<string, number>;
  /** The measured window on CLOCK_MONOTONIC, in µs (the clock of V8's CPU profiles). */
  window: [number, number];
}

/** Now on CLOCK_MONOTONIC in µs: the timestamps of the .cpuprofile files BENCH_CPU_PROF writes. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** With BENCH_CPU_PROF set: the arguments of cpuprofile-summary for a measured window. */
function profileHint(what: string, window: [number, number], operations: number): void {
  if (process.env.BENCH_CPU_PROF) log(`profile window, ${what}: --from ${window[0]} --to ${window[1]} --per ${operations}`);
}

interface HoldTarget {
  label: string;
  port: number;
  agent: Agent;
  eventId: string;
  seatIds: string[];
  probes: BenchChild[];
}

/**
 * `count` hold attempts, IN_FLIGHT at a time (a closed loop: each worker sends its next as soon
 * as its previous is answered), attempt i with tokens[i] for seat i % seats.
 */
async function holdRun(target: HoldTarget, tokens: string[], count: number, stage: string): Promise<HoldRun> {
  const label = `${target.label} ${stage}`;
  const seats = target.seatIds.length;
  const bodies = target.seatIds.map((id) => JSON.stringify({ seat_ids: [id] }));
  const path = `/v1/events/${target.eventId}/holds`;
  const perSeat = new Uint32Array(seats);
  const latency = new LatencyRecorder();
  let next = 0;
  let done = 0;
  let doneLast = 0;
  let created = 0;
  let conflicts = 0;
  let failed = 0;
  let inFlight = 0;
  const attempt = async (i: number) => {
    const seat = i % seats;
    const started = performance.now();
    inFlight++;
    try {
      const answer = await send(target.agent, target.port, 'POST', path, tokens[i], bodies[seat]);
      latency.record(performance.now() - started);
      if (answer.status === 201 || answer.status === 409) {
        // Both answers name the seat: the hold's seat_ids, the conflict's details.seat_ids.
        if (!answer.text.includes(target.seatIds[seat])) errors.add(`${target.label}: a ${answer.status} that does not name the seat: ${answer.text.slice(0, 160)}`);
        if (answer.status === 201) {
          created++;
          perSeat[seat]++;
        } else conflicts++;
      } else {
        failed++;
        errors.add(`${target.label}: HTTP ${answer.status} ${answer.text.slice(0, 160)}`);
      }
    } catch (error) {
      failed++;
      errors.add(`${target.label}: ${(error as Error).message}`);
    } finally {
      inFlight--;
      done++;
    }
  };
  const worker = async () => {
    while (!interrupt.aborted && next < count) await attempt(next++);
  };
  const stopProgress = progress(`[${label}]`, (secs) => {
    const line = `${fmtInt((done - doneLast) / secs)} attempts/s, ${fmtInt(done)}/${fmtInt(count)} done, ${fmtInt(created)} held, ${fmtInt(conflicts)} refused (409), ${fmtInt(inFlight)} in flight${errors.total ? `, ${fmtInt(errors.total)} errors` : ''}`;
    doneLast = done;
    return line;
  });
  const cpu = await cpuWindow(target.probes);
  const start = performance.now();
  const from = monotonicUs();
  try {
    await Promise.all(Array.from({ length: Math.min(settings.inFlight, count) }, worker));
  } finally {
    stopProgress();
  }
  const seconds = (performance.now() - start) / 1000;
  const window: [number, number] = [from, monotonicUs()];
  profileHint(label, window, done);
  const cores = await cpu();
  let seatsHeld = 0;
  let doubleHolds = 0;
  for (const n of perSeat) {
    if (n > 0) seatsHeld++;
    if (n > 1) doubleHolds++;
  }
  return { label, attempts: done, seconds, perSec: done / seconds, created, conflicts, failed, latency: percentiles(latency), seatsHeld, doubleHolds, cpu: cores, window };
}

/** The PostgreSQL UPDATE of the baseline from this process, no HTTP: `rounds` times the sequence, the table reset before each. */
async function ceilingRun(db: Pool, seatIds: string[], count: number, rounds: number): Promise<HoldRun & { roundsPerSec: number[] }> {
  const sql = `UPDATE ${benchTable} SET status = 'held' WHERE id = $1 AND status = 'free'`;
  const reset = () => db.query(`UPDATE ${benchTable} SET status = 'free' WHERE id = ANY($1::uuid[])`, [seatIds]);
  const latency = new LatencyRecorder();
  const perSeat = new Uint32Array(seatIds.length);
  const roundsPerSec: number[] = [];
  let created = 0;
  let conflicts = 0;
  let failed = 0;
  let seconds = 0;
  let done = 0;
  let doneLast = 0;
  let doubleHolds = 0;
  let seatsHeld = Infinity;
  let cpu: Record<string, number> = {};
  let from = 0;
  const round1 = async (measured: boolean) => {
    await reset();
    perSeat.fill(0);
    let next = 0;
    const worker = async () => {
      while (!interrupt.aborted && next < count) {
        const i = next++;
        const seat = i % seatIds.length;
        const started = performance.now();
        try {
          const { rowCount } = await db.query(sql, [seatIds[seat]]);
          if (measured) latency.record(performance.now() - started);
          if (rowCount === 1) {
            perSeat[seat]++;
            if (measured) created++;
          } else if (measured) conflicts++;
        } catch (error) {
          failed++;
          errors.add(`ceiling: ${(error as Error).message}`);
        }
        done++;
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: Math.min(settings.inFlight, count) }, worker));
    const elapsed = (performance.now() - start) / 1000;
    let held = 0;
    for (const n of perSeat) {
      if (n > 0) held++;
      if (n > 1 && measured) doubleHolds++;
    }
    return { elapsed, held };
  };
  const stopProgress = progress('[ceiling: PostgreSQL UPDATE loop]', (secs) => {
    const line = `${fmtInt((done - doneLast) / secs)} attempts/s`;
    doneLast = done;
    return line;
  });
  try {
    await round1(false); // warm-up: the pool's connections, the plan, the pages in memory
    const window = await cpuWindow([], 'clients (pg Pool)');
    from = monotonicUs();
    for (let r = 0; r < rounds && !interrupt.aborted; r++) {
      // The reset of each round is outside the measured time, not outside the CPU window (a few ms).
      const { elapsed, held } = await round1(true);
      seconds += elapsed;
      roundsPerSec.push(count / elapsed);
      seatsHeld = Math.min(seatsHeld, held);
    }
    cpu = await window();
  } finally {
    stopProgress();
  }
  const attempts = created + conflicts;
  const window: [number, number] = [from, monotonicUs()];
  return { label: 'ceiling', attempts, seconds, perSec: attempts / seconds, created, conflicts, failed, latency: percentiles(latency), seatsHeld: Number.isFinite(seatsHeld) ? seatsHeld : 0, doubleHolds, cpu, roundsPerSec, window };
}

// ---------------------------------------------------------------------------------------------
// Phase 2: the booking flow

/** A buyer's frames, in the order they arrived, and who waits for which. */
interface FlowBuyer {
  k: number;
  token: string;
  socket: BenchSocket;
  frames: { type: string; at: number; bookingId: unknown }[];
  waiting: Map<string, { resolve: (frame: Frame) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>;
  seen: Map<string, Frame>;
  failure: string | undefined;
}

const TICKETING_FRAME = /^(booking|payment|waitlist):/;
const EXPECTED_ORDER = ['booking:processing', 'payment:processing', 'payment:success', 'booking:confirmed'];
const RANK: Record<string, number> = { 'booking:queue_position': 0, 'booking:processing': 1, 'payment:processing': 2, 'payment:success': 3, 'booking:confirmed': 4 };

/** What is wrong with a buyer's frames, in a few words (errors are counted by message), or undefined. */
function orderProblem(types: string[]): string | undefined {
  for (let i = 1; i < types.length; i++) {
    if ((RANK[types[i]] ?? 9) < (RANK[types[i - 1]] ?? 9)) return `${types[i]} after ${types[i - 1]}`;
  }
  for (const type of EXPECTED_ORDER) {
    const n = types.filter((t) => t === type).length;
    if (n !== 1) return n === 0 ? `no ${type}` : `${n} × ${type}`;
  }
  const other = types.find((t) => RANK[t] === undefined);
  return other ? `an unexpected ${other}` : undefined;
}

function attachBuyer(k: number, token: string, socket: BenchSocket, measuring: { active: boolean }): FlowBuyer {
  const buyer: FlowBuyer = { k, token, socket, frames: [], waiting: new Map(), seen: new Map(), failure: undefined };
  socket.onFrame = (frame) => {
    if (!TICKETING_FRAME.test(frame.type)) return;
    buyer.frames.push({ type: frame.type, at: performance.now(), bookingId: frame.payload?.booking_id });
    if (frame.type === 'booking:failed' || frame.type === 'payment:failed') {
      buyer.failure = `${frame.type} ${JSON.stringify(frame.payload)}`;
      for (const waiter of buyer.waiting.values()) waiter.reject(new Error(buyer.failure));
      buyer.waiting.clear();
      return;
    }
    if (!buyer.seen.has(frame.type)) buyer.seen.set(frame.type, frame);
    const waiter = buyer.waiting.get(frame.type);
    if (waiter) {
      buyer.waiting.delete(frame.type);
      clearTimeout(waiter.timer);
      waiter.resolve(frame);
    }
  };
  socket.onClose = (code) => {
    if (measuring.active) errors.add(`booking flow: a buyer's socket was closed by the server (${code})`);
  };
  return buyer;
}

/** The buyer's first frame of `type`, received already or within `timeoutMs`. */
function frameOf(buyer: FlowBuyer, type: string, timeoutMs: number): Promise<Frame> {
  const seen = buyer.seen.get(type);
  if (seen) return Promise.resolve(seen);
  if (buyer.failure) return Promise.reject(new Error(buyer.failure));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      buyer.waiting.delete(type);
      reject(new Error(`no ${type} frame within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    buyer.waiting.set(type, { resolve, reject, timer });
  });
}

interface FlowTimes {
  /** t0 → booking:confirmed: the goal's figure. */
  total: LatencyRecorder;
  /** t0 → the 202 of POST /v1/bookings. */
  book: LatencyRecorder;
  /** t0 → booking:processing (queue, worker, outbox, JetStream, core, edge). */
  processing: LatencyRecorder;
  /** booking:processing → the 201 of POST /v1/payments (gateway latency included). */
  pay: LatencyRecorder;
  /** The payment's 201 → booking:confirmed (outbox, JetStream, core, edge). */
  confirmed: LatencyRecorder;
}

interface FlowResult {
  started: number;
  measured: number;
  confirmed: number;
  measuredConfirmed: number;
  seconds: number;
  times: { total: Percentiles; book: Percentiles; processing: Percentiles; pay: Percentiles; confirmed: Percentiles };
  withQueuePosition: number;
  orderViolations: number;
  cpu: Record<string, number>;
  soldSeats: number;
  confirmedBookings: number;
  window: [number, number];
  diagnostics: Awaited<ReturnType<typeof flowDiagnostics>>;
  stream: Awaited<ReturnType<typeof streamOrder>>;
  pgWaits: { samples: number; top: [string, number][] };
  /** Ticketing frames the buyers received, by type (compare with the outbox rows per type: more frames than rows are repeats). */
  framesByType: Record<string, number>;
}

async function bookingFlow(ticketingPort: number, edgeUrl: string, eventId: string, seatIds: string[], tokens: string[], probes: BenchChild[], paymentTtlMs: number): Promise<FlowResult> {
  const measuring = { active: false };
  log(`booking flow: opening ${fmtInt(flowCount)} buyer sockets to the edge (200 handshakes in flight)`);
  const sockets = await runMany(flowCount, 200, '[booking flow: sockets]', (k) => BenchSocket.open(edgeUrl, tokens[k]));
  if (sockets.length < flowCount) throw new Error(`only ${sockets.length} of ${flowCount} buyer sockets opened`);
  const buyers = sockets.map((socket, k) => attachBuyer(k, tokens[k], socket, measuring));
  const agent = newAgent(1_000);
  const timeoutMs = settings.bookingTimeoutSeconds * 1000;
  const times: FlowTimes = { total: new LatencyRecorder(), book: new LatencyRecorder(), processing: new LatencyRecorder(), pay: new LatencyRecorder(), confirmed: new LatencyRecorder() };
  let started = 0;
  let confirmed = 0;
  let measuredConfirmed = 0;
  let confirmedLast = 0;
  let startedLast = 0;
  let inFlight = 0;
  const flows: Promise<void>[] = [];

  const flow = async (buyer: FlowBuyer) => {
    const measured = buyer.k >= flowWarmupCount;
    inFlight++;
    try {
      const hold = await sendJson(agent, ticketingPort, 'POST', `/v1/events/${eventId}/holds`, buyer.token, { seat_ids: [seatIds[buyer.k]] });
      if (hold.status !== 201) throw new Error(`hold answered ${hold.status} ${hold.text.slice(0, 160)}`);
      const t0 = performance.now();
      const booked = await sendJson(agent, ticketingPort, 'POST', '/v1/bookings', buyer.token, { hold_id: hold.json.id });
      if (booked.status !== 202) throw new Error(`POST /v1/bookings answered ${booked.status} ${booked.text.slice(0, 160)}`);
      const tBooked = performance.now();
      const bookingId = String(booked.json.id);
      const processing = await frameOf(buyer, 'booking:processing', timeoutMs);
      const tProcessing = performance.now();
      if (processing.payload?.booking_id !== bookingId || typeof processing.payload?.pay_by !== 'string') throw new Error(`booking:processing without this booking's pay_by: ${JSON.stringify(processing.payload)}`);
      const paid = await sendJson(agent, ticketingPort, 'POST', `/v1/payments/${bookingId}`, buyer.token, { card: '4242424242424242' }, { 'idempotency-key': randomUUID() });
      if (paid.status !== 201 || paid.json?.status !== 'succeeded') throw new Error(`payment answered ${paid.status} ${paid.text.slice(0, 160)}`);
      const tPaid = performance.now();
      const done = await frameOf(buyer, 'booking:confirmed', timeoutMs);
      const tConfirmed = buyer.frames.find((f) => f.type === 'booking:confirmed')?.at ?? performance.now();
      if (done.payload?.booking_id !== bookingId) throw new Error(`booking:confirmed of another booking: ${JSON.stringify(done.payload)}`);
      confirmed++;
      if (measured) {
        measuredConfirmed++;
        times.total.record(tConfirmed - t0);
        times.book.record(tBooked - t0);
        times.processing.record(tProcessing - t0);
        times.pay.record(tPaid - tProcessing);
        times.confirmed.record(tConfirmed - tPaid);
      }
    } catch (error) {
      errors.add(`booking flow: ${(error as Error).message}`);
      // Counted once: its frames are not judged again below.
      buyer.failure ??= (error as Error).message;
    } finally {
      inFlight--;
    }
  };

  // Open loop: buyer k starts at k / BOOKING_RATE seconds, whatever the earlier ones wait for.
  let stage = flowWarmupCount > 0 ? ' warm-up' : '';
  const stopProgress = progress(
    () => `[booking flow${stage}]`,
    (secs) => {
      const line = `${fmtInt((started - startedLast) / secs)} bookings/s started, ${fmtInt((confirmed - confirmedLast) / secs)} confirmed/s, ${fmtInt(confirmed)}/${fmtInt(flowCount)} confirmed, ${fmtInt(inFlight)} in flight${errors.total ? `, ${fmtInt(errors.total)} errors` : ''}`;
      startedLast = started;
      confirmedLast = confirmed;
      return line;
    },
  );
  let window: (() => Promise<Record<string, number>>) | undefined;
  let cpu: Record<string, number> = {};
  let measuredStart = performance.now();
  let measuredEnd = measuredStart;
  let monoFrom = monotonicUs();
  let stopSampling: ReturnType<typeof samplePgWaits> | undefined;
  let pgWaits: FlowResult['pgWaits'] = { samples: 0, top: [] };
  measuring.active = true;
  try {
    const start = performance.now();
    while (!interrupt.aborted && started < flowCount) {
      const due = Math.min(flowCount, Math.floor(((performance.now() - start) * settings.bookingRate) / 1000) + 1);
      while (started < due) {
        if (started === flowWarmupCount) {
          stage = '';
          measuredStart = performance.now();
          monoFrom = monotonicUs();
          window = await cpuWindow(probes);
          stopSampling ??= samplePgWaits(pool as Pool, new URL(platform.databaseUrl).pathname.slice(1));
        }
        flows.push(flow(buyers[started++]));
      }
      await sleep(1);
    }
    if (!window) {
      measuredStart = performance.now();
      monoFrom = monotonicUs();
      window = await cpuWindow(probes);
    }
    // The measured window: until the last buyer started and its flow had time to finish.
    const until = performance.now() + timeoutMs + 5_000;
    const all = Promise.all(flows);
    while (!interrupt.aborted && inFlight > 0 && performance.now() < until) await Promise.race([all, sleep(50)]);
    measuredEnd = performance.now();
    cpu = await window();
    if (stopSampling) pgWaits = await stopSampling();
    profileHint('booking flow', [monoFrom, monotonicUs()], Math.max(0, started - flowWarmupCount));
  } finally {
    stopProgress();
    measuring.active = false;
  }

  // Each buyer's frames: queue positions (any number), then exactly the expected four, all of its booking.
  let withQueuePosition = 0;
  let orderViolations = 0;
  const framesByType: Record<string, number> = {};
  for (const buyer of buyers) for (const f of buyer.frames) framesByType[f.type] = (framesByType[f.type] ?? 0) + 1;
  for (const buyer of buyers.slice(0, started)) {
    const types = buyer.frames.map((f) => f.type);
    if (types[0] === 'booking:queue_position') withQueuePosition++;
    const ids = new Set(buyer.frames.map((f) => f.bookingId));
    const problem = orderProblem(types) ?? (ids.size > 1 ? 'frames of another booking' : undefined);
    if (problem) {
      orderViolations++;
      if (!buyer.failure) errors.add(`booking flow: a buyer's frames out of order or missing: ${problem}`);
    }
  }
  await closeAll(sockets);

  const db = pool as Pool;
  const sold = await sendJson(agent, ticketingPort, 'GET', `/v1/events/${eventId}/seats`, undefined);
  const soldSeats = (sold.json?.items ?? []).filter((s: { status: string }) => s.status === 'sold').length;
  const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM bookings WHERE event_id = $1 AND status = 'confirmed'", [eventId]);
  const confirmedBookings = Number(rows[0].n);
  const diagnostics = await flowDiagnostics(db, eventId, paymentTtlMs);
  const { rows: ids } = await db.query<{ id: string }>('SELECT id::text AS id FROM bookings WHERE event_id = $1', [eventId]);
  const stream = await streamOrder(new Set(ids.map((r) => r.id)));
  if (stream.example_booking && process.env.BENCH_DEBUG_ORDER) {
    const { rows: outbox } = await db.query(
      `SELECT id, payload->>'type' AS type, created_at, published_at, relayed_at, xmin::text AS xmin FROM ticketing_outbox WHERE payload->>'booking_id' = $1 ORDER BY id`,
      [stream.example_booking],
    );
    log(`booking ${stream.example_booking}: stream seqs ${stream.example_seqs.join(', ')}; outbox rows:`);
    for (const row of outbox) log(`  ${row.id} ${row.type} created ${row.created_at.toISOString()} published ${row.published_at?.toISOString()} xmin ${row.xmin}`);
  }
  if (!interrupt.aborted) {
    if (confirmed !== started) errors.add(`booking flow: ${fmtInt(started - confirmed)} of ${fmtInt(started)} bookings never reached booking:confirmed`);
    if (soldSeats !== confirmed) errors.add(`booking flow: the seat map shows ${soldSeats} seats sold for ${confirmed} confirmed bookings`);
    if (confirmedBookings !== confirmed) errors.add(`booking flow: PostgreSQL has ${confirmedBookings} confirmed bookings for ${confirmed} booking:confirmed frames`);
  }
  return {
    started,
    measured: Math.max(0, started - flowWarmupCount),
    confirmed,
    measuredConfirmed,
    seconds: (measuredEnd - measuredStart) / 1000,
    times: { total: percentiles(times.total), book: percentiles(times.book), processing: percentiles(times.processing), pay: percentiles(times.pay), confirmed: percentiles(times.confirmed) },
    withQueuePosition,
    orderViolations,
    cpu,
    soldSeats,
    confirmedBookings,
    window: [monoFrom, monotonicUs()],
    diagnostics,
    stream,
    framesByType,
    pgWaits,
  };
}

/**
 * Where the booking flow's time went, from PostgreSQL: how long bookings waited for the worker
 * (pay_by is set to now + PAYMENT_TTL when it takes one), how long outbox rows waited for the
 * relay, how many booking.queued rows were written, and whether any was written after its
 * booking's booking.processing (a queue position that would reach the buyer late).
 */
async function flowDiagnostics(db: Pool, eventId: string, paymentTtlMs: number) {
  const { rows: waits } = await db.query<{ p50: number | null; p99: number | null; max: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY w) * 1000 AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY w) * 1000 AS p99, max(w) * 1000 AS max
       FROM (SELECT extract(epoch FROM pay_by - $2 * interval '1 millisecond' - created_at)::float8 AS w FROM bookings WHERE event_id = $1 AND pay_by IS NOT NULL) AS t`,
    [eventId, paymentTtlMs],
  );
  const { rows: outbox } = await db.query<{ type: string; n: string; p50: number | null; p99: number | null; max: number | null }>(
    `SELECT payload->>'type' AS type, count(*) AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) * 1000 AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) * 1000 AS p99, max(lag) * 1000 AS max
       FROM (SELECT payload, extract(epoch FROM published_at - created_at)::float8 AS lag FROM ticketing_outbox
              WHERE payload->>'booking_id' IN (SELECT id::text FROM bookings WHERE event_id = $1)) AS t
      GROUP BY 1 ORDER BY 1`,
    [eventId],
  );
  const { rows: late } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
       SELECT payload->>'booking_id' AS booking, max(id) FILTER (WHERE payload->>'type' = 'booking.queued') AS last_queued, min(id) FILTER (WHERE payload->>'type' = 'booking.processing') AS processing
         FROM ticketing_outbox WHERE payload->>'booking_id' IN (SELECT id::text FROM bookings WHERE event_id = $1) GROUP BY 1) AS t
      WHERE last_queued > processing`,
    [eventId],
  );
  return {
    worker_wait_ms: { p50: round(waits[0]?.p50 ?? NaN, 1), p99: round(waits[0]?.p99 ?? NaN, 1), max: round(waits[0]?.max ?? NaN, 1) },
    outbox_relay_lag_ms: Object.fromEntries(outbox.map((r) => [r.type, { rows: Number(r.n), p50: round(r.p50 ?? NaN, 1), p99: round(r.p99 ?? NaN, 1), max: round(r.max ?? NaN, 1) }])),
    queued_rows_after_processing: Number(late[0]?.n ?? 0),
  };
}

/**
 * The order of the flow's bookings' events in stream TICKETING (read back with an ordered
 * consumer): bookings whose events are not queued*, processing, payment.processing,
 * payment.succeeded, confirmed there. Frames out of order with none here went astray after the
 * stream (the core or the edge); with as many here, before it (the outbox relay).
 */
async function streamOrder(bookingIds: Set<string>): Promise<{ messages: number; out_of_order: number; example: string | null; example_booking: string | null; example_seqs: number[] }> {
  const nc = await connect({ servers: servers.natsUrl, name: 'bench-booking-stream-order', noAsyncTraces: true });
  try {
    const stream = ticketingNames(platform.prefix).stream;
    const last = (await (await jetstreamManager(nc)).streams.info(stream)).state.last_seq;
    const byBooking = new Map<string, string[]>();
    const seqs = new Map<string, number[]>();
    let messages = 0;
    if (last > 0) {
      const consumer = await jetstream(nc).consumers.get(stream);
      const iterator = await consumer.consume({ max_messages: 1_000 });
      const timer = setTimeout(() => void iterator.close(), 30_000);
      for await (const msg of iterator) {
        messages++;
        const event = msg.json<{ type: string; booking_id?: string }>();
        if (event.booking_id && bookingIds.has(event.booking_id)) {
          const list = byBooking.get(event.booking_id) ?? [];
          list.push(event.type);
          byBooking.set(event.booking_id, list);
          seqs.set(event.booking_id, [...(seqs.get(event.booking_id) ?? []), msg.seq]);
        }
        if (msg.seq >= last) break;
      }
      clearTimeout(timer);
      await iterator.close();
    }
    const expected = /^(booking\.queued,)*booking\.processing,payment\.processing,payment\.succeeded,booking\.confirmed$/;
    let outOfOrder = 0;
    let example: string | null = null;
    let exampleBooking: string | null = null;
    for (const [booking, types] of byBooking) {
      if (expected.test(types.join(','))) continue;
      outOfOrder++;
      example ??= types.join(' → ');
      exampleBooking ??= booking;
    }
    return { messages, out_of_order: outOfOrder, example, example_booking: exampleBooking, example_seqs: exampleBooking ? (seqs.get(exampleBooking) ?? []) : [] };
  } finally {
    await nc.close();
  }
}

/**
 * Samples what the run database's active PostgreSQL sessions wait for, every 100 ms, until the
 * returned function is called: `<wait event or 'CPU'> <the statement's first words>` → samples.
 * Shows where the booking worker's and the relay's transactions spend their time (row locks,
 * WAL, the client) without profiling PostgreSQL.
 */
function samplePgWaits(db: Pool, database: string): () => Promise<{ samples: number; top: [string, number][] }> {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        // Every session of the database but the sampler's own and this process's pool: the
        // services' connections. `idle` ones count too (as one line): a pool with none idle is full.
        const { rows } = await db.query<{ state: string; wait: string; query: string }>(
          `SELECT coalesce(state, '?') AS state, CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'CPU') ELSE '' END AS wait,
                  CASE WHEN state = 'idle' THEN '' ELSE regexp_replace(left(query, 200), '\\s+', ' ', 'g') END AS query
             FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name NOT IN ('bench-booking', 'bench-bare-http')`,
          [database],
        );
        samples++;
        for (const row of rows) {
          const key = `${row.state}${row.wait ? ` ${row.wait}` : ''}${row.query ? ` ${row.query.slice(0, 90)}` : ''}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      } catch {
        // The sampler is a diagnostic: a failed sample is skipped.
      }
      await sleep(100);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { samples, top: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 14) };
  };
}

// ---------------------------------------------------------------------------------------------
// Set-up

/** Row names A … Z, AA, AB …, 50 seats a row (as the ticketing tests' seat maps). */
function rowName(index: number): string {
  return (index >= 26 ? rowName(Math.floor(index / 26) - 1) : '') + String.fromCharCode(65 + (index % 26));
}

async function createEvent(port: number, agent: Agent, token: string, name: string, seats: number): Promise<{ id: string; seatIds: string[] }> {
  const body = { name, venue: 'Bench Hall', starts_at: '2030-06-01T19:30:00Z', currency: 'EUR', seats: Array.from({ length: seats }, (_, i) => ({ section: 'Stalls', row: rowName(Math.floor(i / 50)), number: (i % 50) + 1, price: '25.50' })) };
  const created = await sendJson(agent, port, 'POST', '/v1/events', token, body);
  if (created.status !== 201) throw new Error(`event create failed: ${created.status} ${created.text.slice(0, 300)}`);
  // Reading the seat map also fills ticketing's event catalog, as a first hold would.
  const listed = await sendJson(agent, port, 'GET', `/v1/events/${created.json.id}/seats`, undefined);
  if (listed.status !== 200 || listed.json.items.length !== seats) throw new Error(`seat map read failed: ${listed.status} ${listed.text.slice(0, 300)}`);
  return { id: String(created.json.id), seatIds: listed.json.items.map((seat: { id: string }) => seat.id) };
}

/** Deletes what the run made in a shared database (BENCH_DATABASE_URL); its own one is dropped whole. */
async function deleteOwnRows(eventIds: string[]): Promise<void> {
  if (ownDatabase || !pool) return;
  const db = pool;
  await db.query(`DROP TABLE IF EXISTS ${benchTable}`);
  if (eventIds.length === 0) return;
  await db.query('DELETE FROM payments WHERE booking_id IN (SELECT id FROM bookings WHERE event_id = ANY($1::uuid[]))', [eventIds]);
  await db.query('DELETE FROM booking_seats WHERE event_id = ANY($1::uuid[])', [eventIds]);
  await db.query('DELETE FROM bookings WHERE event_id = ANY($1::uuid[])', [eventIds]);
  await db.query('DELETE FROM waitlist WHERE event_id = ANY($1::uuid[])', [eventIds]);
  await db.query(`DELETE FROM ticketing_outbox WHERE payload->>'event_id' = ANY($1::text[]) OR payload->>'user_id' IN (SELECT id::text FROM users WHERE left(username, length($2)) = $2)`, [eventIds, platform.userPrefix]);
  await db.query('DELETE FROM events WHERE id = ANY($1::uuid[])', [eventIds]);
  // The chat rooms event:<id> the core made for them (the platform then deletes the users).
  await db.query("DELETE FROM rooms WHERE name = ANY(SELECT 'event:' || unnest($1::text[]))", [eventIds]);
}

// ---------------------------------------------------------------------------------------------

function holdJson(run: HoldRun | undefined) {
  if (!run) return null;
  return {
    attempts: run.attempts,
    seconds: round(run.seconds, 3),
    attempts_per_sec: round(run.perSec, 1),
    latency: percentilesJson(run.latency),
    held_201: run.created,
    refused_409: run.conflicts,
    failed: run.failed,
    seats_held: run.seatsHeld,
    double_holds: run.doubleHolds,
    cpu_cores: cpuJson(run.cpu),
    cpu_us_per_attempt: Object.fromEntries(Object.entries(run.cpu).map(([name, cores]) => [name, round(usPer(cores, run.perSec), 1)])),
    window_monotonic_us: run.window,
  };
}

const createdEvents: string[] = [];

async function main(): Promise<void> {
  log(machineLine(NAME));
  log(
    `  holds: ${fmtInt(settings.buyers)} buyers, ${fmtInt(settings.inFlight)} in flight, ${fmtInt(settings.seats)} seats (buyer i → seat i % ${settings.seats}), warm-up ${fmtInt(settings.warmupBuyers)} attempts each; ` +
      `ceiling ${settings.ceilingRounds} rounds, pg Pool ${settings.pgPool}; booking flow ${fmtInt(settings.bookingRate)}/s for ${settings.bookingWarmupSeconds}s warm-up + ${settings.bookingSeconds}s (${fmtInt(flowCount)} bookings)`,
  );
  await platform.prepareDatabase();
  const auth = await platform.startServices('auth', ['auth']);
  const authGrpc = `127.0.0.1:${auth.info.authGrpcPort}`;
  const ticketing = await platform.startServices('ticketing', ['ticketing'], { AUTH_GRPC_URL: authGrpc });
  const core = await platform.startServices('core', ['consumer'], { AUTH_GRPC_URL: authGrpc });
  const edge = await platform.startServices('edge', ['producer'], { AUTH_GRPC_URL: authGrpc });
  const ticketingPort = Number(ticketing.info.ticketingHttpPort);
  const edgeUrl = `ws://127.0.0.1:${edge.info.producerHttpPort}/v1/ws`;
  log(`children: auth pid ${auth.pid} (gRPC ${authGrpc}), ticketing pid ${ticketing.pid} (HTTP ${ticketingPort}), core (ws-consumer) pid ${core.pid}, edge (ws-producer) pid ${edge.pid} (${edgeUrl})`);

  // Buyers, an organizer and a probe user, straight into `users`; tokens as auth signs them.
  pool = new Pool({ ...pgConnection(platform.databaseUrl), max: settings.pgPool, application_name: 'bench-booking' });
  pool.on('error', () => undefined);
  const db = pool;
  const userCount = Math.max(settings.buyers, flowCount) + 2;
  const t = performance.now();
  const users = await insertUsers(db, `${platform.userPrefix}`, userCount);
  const authConfig = loadAuthConfig(platform.env() as Record<string, string | undefined>);
  const mint = tokenMinter(platform.secret, authConfig.JWT_ISSUER, authConfig.JWT_AUDIENCE, users);
  const organizer = mint(userCount - 2);
  const probe = mint(userCount - 1);
  const stranger = new JwtAccessTokenSigner(JwtKeyring.fromSecret(`${platform.secret}-not-ours`), { issuer: authConfig.JWT_ISSUER, audience: authConfig.JWT_AUDIENCE, ttlSeconds: 3600 }, { now: () => new Date() }).issue({
    userId: users.ids[0],
    username: users.usernames[0],
    role: 'user',
    sessionId: randomUUID(),
  }).token;
  // Every attempt presents a token never seen before (a new jti), so no cache helps the product.
  const tokens = Array.from({ length: settings.buyers }, (_, i) => mint(i));
  const warmupTokens = Array.from({ length: settings.warmupBuyers }, (_, i) => mint(i % settings.buyers));
  const warmupTokens2 = Array.from({ length: settings.warmupBuyers }, (_, i) => mint(i % settings.buyers));
  const flowTokens = Array.from({ length: flowCount }, (_, k) => mint(k));
  log(`${fmtInt(userCount)} users inserted, ${fmtInt(tokens.length + warmupTokens.length * 2 + flowTokens.length + 2)} access tokens minted in ${((performance.now() - t) / 1000).toFixed(1)}s`);

  const setupAgent = newAgent(50);
  const holdEvent = await createEvent(ticketingPort, setupAgent, organizer, 'Bench rush', settings.seats);
  createdEvents.push(holdEvent.id);
  const warmEvent = settings.warmupBuyers > 0 ? await createEvent(ticketingPort, setupAgent, organizer, 'Bench warm-up', settings.seats) : undefined;
  if (warmEvent) createdEvents.push(warmEvent.id);
  const flowEvent = flowCount > 0 ? await createEvent(ticketingPort, setupAgent, organizer, 'Bench booking flow', flowCount) : undefined;
  if (flowEvent) createdEvents.push(flowEvent.id);

  // The baseline's table: the same seat ids (the rush event's, and the warm-up event's), all free.
  await db.query(`CREATE TABLE ${benchTable} (id uuid PRIMARY KEY, status text NOT NULL)`);
  await db.query(`INSERT INTO ${benchTable} (id, status) SELECT unnest($1::uuid[]), 'free'`, [[...holdEvent.seatIds, ...(warmEvent?.seatIds ?? [])]]);
  await db.query(`VACUUM ANALYZE ${benchTable}`);
  const bare = await platform.startChild('bare-http', 'bare-hold-server', {
    ...process.env,
    DATABASE_URL: platform.databaseUrl,
    JWT_SECRET: platform.secret,
    JWT_ISSUER: authConfig.JWT_ISSUER,
    JWT_AUDIENCE: authConfig.JWT_AUDIENCE,
    BARE_TABLE: benchTable,
    BARE_PG_POOL: String(settings.pgPool),
  });
  const barePort = Number(bare.info.port);
  log(`events: rush ${holdEvent.id} (${settings.seats} seats)${warmEvent ? `, warm-up ${warmEvent.id}` : ''}${flowEvent ? `, booking flow ${flowEvent.id} (${flowCount} seats)` : ''}; baseline bare-http pid ${bare.pid} on ${barePort}, table ${benchTable}`);

  // Both servers accept the minted tokens and refuse one signed with another secret.
  for (const [name, port] of [
    ['ticketing', ticketingPort],
    ['bare-http', barePort],
  ] as const) {
    const ok = await sendJson(setupAgent, port, 'GET', '/v1/bookings', probe);
    if (ok.status !== 200) throw new Error(`${name} refused a minted token: GET /v1/bookings answered ${ok.status} ${ok.text.slice(0, 200)}`);
    const refused = await sendJson(setupAgent, port, 'GET', '/v1/bookings', stranger);
    if (refused.status !== 401) throw new Error(`${name} accepted a token signed with another secret: GET /v1/bookings answered ${refused.status}`);
  }
  log('token check: ticketing (through auth ValidateToken) and bare-http (jwt.verify) accept a minted token (200) and refuse a foreign one (401)');

  // Every child's CPU in both rushes: the one not under load idles (ticketing's relays still poll).
  const product: HoldTarget = { label: 'ticketing', port: ticketingPort, agent: newAgent(settings.inFlight), eventId: holdEvent.id, seatIds: holdEvent.seatIds, probes: [ticketing, auth, core, edge, bare] };
  const baseline: HoldTarget = { label: 'bare-http', port: barePort, agent: newAgent(settings.inFlight), eventId: holdEvent.id, seatIds: holdEvent.seatIds, probes: [bare, ticketing, auth, core, edge] };
  const expectedHeld = Math.min(settings.buyers, settings.seats);

  // Product: warm-up on its own event, then the rush.
  if (warmEvent) await holdRun({ ...product, eventId: warmEvent.id, seatIds: warmEvent.seatIds }, warmupTokens, settings.warmupBuyers, 'warm-up');
  const productRun = interrupt.aborted ? undefined : await holdRun(product, tokens, settings.buyers, 'rush');
  let productFinal = NaN;
  if (productRun) {
    const seats = await sendJson(setupAgent, ticketingPort, 'GET', `/v1/events/${holdEvent.id}/seats`, undefined);
    productFinal = (seats.json?.items ?? []).filter((s: { status: string }) => s.status === 'held').length;
  }

  // Baseline: the same, with the same load client, tokens and seat sequence.
  if (warmEvent && !interrupt.aborted) await holdRun({ ...baseline, eventId: warmEvent.id, seatIds: warmEvent.seatIds }, warmupTokens2, settings.warmupBuyers, 'warm-up');
  const baselineRun = interrupt.aborted ? undefined : await holdRun(baseline, tokens, settings.buyers, 'rush');
  let baselineFinal = NaN;
  if (baselineRun) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${benchTable} WHERE id = ANY($1::uuid[]) AND status = 'held'`, [holdEvent.seatIds]);
    baselineFinal = Number(rows[0].n);
  }

  // Ceiling: the UPDATE loop alone.
  const ceiling = interrupt.aborted ? undefined : await ceilingRun(db, holdEvent.seatIds, settings.buyers, settings.ceilingRounds);

  if (!interrupt.aborted) {
    for (const [run, final] of [
      [productRun, productFinal],
      [baselineRun, baselineFinal],
    ] as const) {
      if (!run) continue;
      if (run.seatsHeld !== expectedHeld) errors.add(`${run.label}: ${run.seatsHeld} seats answered 201, expected ${expectedHeld}`);
      if (run.doubleHolds > 0) errors.add(`${run.label}: ${run.doubleHolds} seats answered 201 more than once (double holds)`);
      if (final !== expectedHeld) errors.add(`${run.label}: ${final} seats held in the final state, expected ${expectedHeld}`);
    }
    if (ceiling && (ceiling.seatsHeld !== expectedHeld || ceiling.doubleHolds > 0)) errors.add(`ceiling: ${ceiling.seatsHeld} seats updated, ${ceiling.doubleHolds} twice`);
  }

  // Phase 2: the booking flow.
  const flow = flowEvent && !interrupt.aborted ? await bookingFlow(ticketingPort, edgeUrl, flowEvent.id, flowEvent.seatIds, flowTokens, [ticketing, auth, core, edge], loadTicketingConfig(platform.env() as Record<string, string | undefined>).PAYMENT_TTL) : undefined;

  // ---------------------------------------------------------------------------------------------
  const ratio = productRun && baselineRun ? productRun.perSec / baselineRun.perSec : NaN;
  const ratioMet = Number.isFinite(ratio) && ratio >= GOAL_RATIO;
  const flowP99 = flow?.times.total.p99 ?? NaN;
  const flowMet = Number.isFinite(flowP99) && flowP99 <= GOAL_BOOKING_P99_MS;

  log('');
  log(pressureLine());
  const holdRow = (name: string, run: HoldRun, final: number | string) => [
    name,
    fmtInt(run.attempts),
    fmtInt(run.perSec),
    fmtMs(run.latency.p50),
    fmtMs(run.latency.p99),
    fmtMs(run.latency.max),
    fmtInt(run.created),
    fmtInt(run.conflicts),
    `${fmtInt(run.seatsHeld)} / ${typeof final === 'number' ? fmtInt(final) : final}`,
    fmtInt(run.doubleHolds),
    cpuText(run.cpu),
  ];
  printTable(
    ['server', 'attempts', 'attempts/s', 'p50 ms', 'p99 ms', 'max ms', '201', '409', 'seats held (201s / final)', 'double holds', 'CPU (cores)'],
    [
      ...(productRun ? [holdRow('ticketing (express, auth ValidateToken, Redis Lua)', productRun, productFinal)] : []),
      ...(baselineRun ? [holdRow('bare node:http + jwt.verify + PG UPDATE', baselineRun, baselineFinal)] : []),
      ...(ceiling ? [holdRow(`ceiling: PG UPDATE loop, no HTTP (${settings.ceilingRounds} rounds)`, ceiling, '–')] : []),
    ],
  );
  const per = (run: HoldRun | undefined, name: string) => (run ? fmtInt(usPer(run.cpu[name], run.perSec)) : 'n/a');
  if (productRun) {
    log(
      `CPU per hold attempt, ticketing: ticketing ${per(productRun, 'ticketing')}, auth ${per(productRun, 'auth')}, core ${per(productRun, 'core')}, edge ${per(productRun, 'edge')}, clients ${per(productRun, 'clients')}, ` +
        `redis ${per(productRun, 'redis-server')}, postgres ${per(productRun, 'postgres')}, nats ${per(productRun, 'nats-server')}, machine ${per(productRun, 'machine')} µs`,
    );
  }
  if (baselineRun) {
    const idle = ['ticketing', 'auth', 'core', 'edge'].reduce((sum, name) => sum + (baselineRun.cpu[name] ?? 0), 0);
    log(
      `CPU per hold attempt, bare-http: bare-http ${per(baselineRun, 'bare-http')}, clients ${per(baselineRun, 'clients')}, postgres ${per(baselineRun, 'postgres')}, machine ${per(baselineRun, 'machine')} µs ` +
        `(the idle platform children meanwhile: ${idle.toFixed(2)} cores)`,
    );
  }
  if (ceiling) log(`CPU per UPDATE, ceiling: pg Pool ${per(ceiling, 'clients (pg Pool)')}, postgres ${per(ceiling, 'postgres')}, machine ${per(ceiling, 'machine')} µs; rounds ${ceiling.roundsPerSec.map(fmtInt).join(', ')} attempts/s`);
  if (flow) {
    const p = (l: Percentiles) => `${fmtMs(l.p50, 1)} / ${fmtMs(l.p99, 1)}`;
    printTable(
      ['booking flow', 'bookings', 'confirmed', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'book 202 p50/p99', '→ processing p50/p99', 'pay 201 p50/p99', '→ confirmed p50/p99', 'in order', 'CPU (cores)'],
      [
        [
          `${fmtInt(settings.bookingRate)}/s, ${settings.bookingSeconds}s measured`,
          fmtInt(flow.measured),
          fmtInt(flow.measuredConfirmed),
          fmtMs(flow.times.total.p50),
          fmtMs(flow.times.total.p90),
          fmtMs(flow.times.total.p99),
          fmtMs(flow.times.total.max),
          p(flow.times.book),
          p(flow.times.processing),
          p(flow.times.pay),
          p(flow.times.confirmed),
          `${fmtInt(flow.started - flow.orderViolations)}/${fmtInt(flow.started)}`,
          cpuText(flow.cpu),
        ],
      ],
    );
    log(
      `booking flow: ${fmtInt(flow.withQueuePosition)} of ${fmtInt(flow.started)} buyers got booking:queue_position before booking:processing (the worker had not taken them yet); ` +
        `${fmtInt(flow.soldSeats)} seats sold, ${fmtInt(flow.confirmedBookings)} bookings confirmed in PostgreSQL`,
    );
    const d = flow.diagnostics;
    log(
      `booking flow, from PostgreSQL: queue wait until the worker took a booking p50 ${fmtMs(d.worker_wait_ms.p50 ?? NaN, 1)} / p99 ${fmtMs(d.worker_wait_ms.p99 ?? NaN, 1)} ms; outbox rows → JetStream: ` +
        Object.entries(d.outbox_relay_lag_ms)
          .map(([type, l]) => `${type} ${fmtInt(l.rows)} rows, p50 ${fmtMs(l.p50 ?? NaN, 1)} / p99 ${fmtMs(l.p99 ?? NaN, 1)} ms`)
          .join('; ') +
        `; ${fmtInt(d.queued_rows_after_processing)} bookings got a booking.queued row after their booking.processing`,
    );
    log(`booking flow, the services' PostgreSQL sessions (${fmtInt(flow.pgWaits.samples)} samples, 10 a second; sessions per sample, by state, wait and statement):`);
    for (const [what, n] of flow.pgWaits.top) log(`  ${(n / Math.max(1, flow.pgWaits.samples)).toFixed(2).padStart(6)}  ${what}`);
    log(`booking flow, frames received: ${Object.entries(flow.framesByType).map(([type, n]) => `${type} ${fmtInt(n)}`).join(', ')}`);
    log(
      `booking flow, stream TICKETING read back (${fmtInt(flow.stream.messages)} messages): ${fmtInt(flow.stream.out_of_order)} bookings with their events out of order in the stream` +
        `${flow.stream.example ? ` (e.g. ${flow.stream.example})` : ''}, against ${fmtInt(flow.orderViolations)} buyers whose frames came out of order`,
    );
  }
  printTable(
    ['figure', 'value'],
    [
      ['ticketing hold attempts/s', productRun ? fmtInt(productRun.perSec) : 'n/a'],
      ['bare node:http + PostgreSQL UPDATE attempts/s (same run)', baselineRun ? fmtInt(baselineRun.perSec) : 'n/a'],
      ['ratio ticketing / bare', fmtRatio(ratio)],
      ['ceiling: PostgreSQL UPDATE loop, no HTTP, attempts/s', ceiling ? fmtInt(ceiling.perSec) : 'n/a'],
      ['load client CPU during the rush: ticketing / bare (cores)', `${productRun ? productRun.cpu.clients.toFixed(2) : 'n/a'} / ${baselineRun ? baselineRun.cpu.clients.toFixed(2) : 'n/a'}`],
      ['seats held / double holds: ticketing, bare', `${productRun ? `${fmtInt(productFinal)} / ${productRun.doubleHolds}` : 'n/a'}, ${baselineRun ? `${fmtInt(baselineFinal)} / ${baselineRun.doubleHolds}` : 'n/a'}`],
      [`booking flow p99 POST /v1/bookings → booking:confirmed at ${fmtInt(settings.bookingRate)}/s`, flow ? `${fmtMs(flowP99)} ms (${fmtInt(flow.measuredConfirmed)} confirmed)` : 'n/a'],
      [`goal ≥ ${GOAL_RATIO}× bare attempts/s`, ratioMet ? 'MET' : 'NOT MET'],
      [`goal booking p99 ≤ ${GOAL_BOOKING_P99_MS} ms`, flow ? (flowMet ? 'MET' : 'NOT MET') : 'n/a'],
    ],
  );
  if (!interrupt.aborted) log(`goal met: ${ratioMet ? 'yes' : 'no'} (hold attempts/s ${fmtRatio(ratio)} the bare server's; goal ≥ ${GOAL_RATIO}×)`);
  if (!interrupt.aborted && flow) log(`goal met: ${flowMet ? 'yes' : 'no'} (booking flow p99 ${fmtMs(flowP99)} ms; goal ≤ ${GOAL_BOOKING_P99_MS} ms)`);

  writeResults(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    ...machineInfo(),
    settings: {
      buyers: settings.buyers,
      in_flight: settings.inFlight,
      seats: settings.seats,
      warmup_buyers: settings.warmupBuyers,
      ceiling_rounds: settings.ceilingRounds,
      pg_pool: settings.pgPool,
      booking_rate: settings.bookingRate,
      booking_seconds: settings.bookingSeconds,
      booking_warmup_seconds: settings.bookingWarmupSeconds,
    },
    holds: {
      ticketing: holdJson(productRun) && { ...holdJson(productRun), final_seats_held: productFinal },
      bare_http: holdJson(baselineRun) && { ...holdJson(baselineRun), final_seats_held: baselineFinal },
      ceiling: ceiling ? { ...holdJson(ceiling), rounds_attempts_per_sec: ceiling.roundsPerSec.map((r) => round(r, 1)) } : null,
      ratio: round(ratio, 3),
    },
    booking_flow: flow
      ? {
          bookings: flow.measured,
          confirmed: flow.measuredConfirmed,
          warmup_bookings: Math.min(flowWarmupCount, flow.started),
          all_confirmed: flow.confirmed,
          seconds: round(flow.seconds, 3),
          book_to_confirmed: percentilesJson(flow.times.total),
          book_answer: percentilesJson(flow.times.book),
          book_to_processing: percentilesJson(flow.times.processing),
          processing_to_paid: percentilesJson(flow.times.pay),
          paid_to_confirmed: percentilesJson(flow.times.confirmed),
          with_queue_position_frame: flow.withQueuePosition,
          order_violations: flow.orderViolations,
          window_monotonic_us: flow.window,
          diagnostics: flow.diagnostics,
          frames_received: flow.framesByType,
          stream_order: flow.stream,
          pg_active_sessions: { samples: flow.pgWaits.samples, top: flow.pgWaits.top.map(([what, n]) => ({ what, per_sample: round(n / Math.max(1, flow.pgWaits.samples), 3) })) },
          seats_sold: flow.soldSeats,
          confirmed_in_postgres: flow.confirmedBookings,
          cpu_cores: cpuJson(flow.cpu),
        }
      : null,
    goal: { min_ratio: GOAL_RATIO, ratio_met: ratioMet, booking_p99_ms: GOAL_BOOKING_P99_MS, booking_met: flow ? flowMet : null },
    errors: errors.total,
  });
}

runBenchmark({
  errors,
  errorsAre: 'error(s) or wrong answer(s)',
  body: main,
  cleanup: async () => {
    for (const agent of agents) agent.destroy();
    return platform.stop(async () => {
      try {
        await deleteOwnRows(createdEvents);
      } finally {
        await pool?.end().catch(() => undefined);
      }
    });
  },
});

/**
 * Campaign: the client library (client/sdk RealtimeClient) through edge restarts, in real processes.
 *
 *   npm run bench:recovery
 *
 * BENCH_ROOMS (20) rooms, each with one sending client and BENCH_READERS_PER_ROOM (10) reading
 * clients; the senders send BENCH_RATE (200) msg/s in total. A steady phase of BENCH_STEADY_SECONDS
 * (8) is the same-run baseline; then the edge child is stopped and a new one started
 * BENCH_RESTARTS (3) times, BENCH_GAP_SECONDS (4) apart, while the senders keep sending (the client
 * holds unacknowledged sends and sends them again after the reconnect with the same client_msg_id).
 * Every reader must receive every message of its room once, in the order sent, without a reload.
 *
 * Reports per restart: how long after the new edge was up every client was connected again, and
 * how long until every reader had every message sent before it; the delivery latency p50/p99 in
 * both phases, and the restart phase's deliveries/s against the steady phase's (the ratio).
 * Writes bench/results/recovery.json; exits non-zero when a message is lost, doubled or reordered.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { RealtimeClient, type Message } from '../../client/sdk';
import { BenchPlatform } from '../support/bench-platform';
import { ErrorTally, fmtInt, fmtMs, fmtRatio, LatencyRecorder, log, machineInfo, machineLine, numberFromEnv, pressureLine, printTable, progress, round, runBenchmark, sleep, writeResults } from '../support/bench-kit';

const NAME = 'recovery';
const settings = {
  rooms: Math.floor(numberFromEnv('BENCH_ROOMS', 20, 1, 500)),
  readersPerRoom: Math.floor(numberFromEnv('BENCH_READERS_PER_ROOM', 10, 1, 500)),
  rate: numberFromEnv('BENCH_RATE', 200, 1, 5_000),
  steadySeconds: numberFromEnv('BENCH_STEADY_SECONDS', 8, 2, 600),
  restarts: Math.floor(numberFromEnv('BENCH_RESTARTS', 3, 1, 20)),
  gapSeconds: numberFromEnv('BENCH_GAP_SECONDS', 4, 1, 600),
};

const errors = new ErrorTally();
const platform = new BenchPlatform();
const clients: RealtimeClient[] = [];

/** One room: its sender, and for each reader the counters of the messages it got, in arrival order. */
interface Room {
  name: string;
  sender: RealtimeClient;
  sentAt: number[];
  readers: number[][];
}

function client(token: string): RealtimeClient {
  const made = new RealtimeClient({ url: () => platform.edgeWsUrl, token: () => token, auth: 'header', WebSocket, reconnect: { initialMs: 100, maxMs: 2_000 } });
  clients.push(made);
  return made;
}

let phase: 'steady' | 'restarts' = 'steady';
const latency = { steady: new LatencyRecorder(), restarts: new LatencyRecorder() };
const delivered = { steady: 0, restarts: 0 };

async function setUpRoom(): Promise<Room> {
  const owner = await platform.user();
  const name = await platform.room(owner.token);
  const sender = client(owner.token);
  await sender.connect();
  const room: Room = { name, sender, sentAt: [], readers: [] };
  for (let i = 0; i < settings.readersPerRoom; i++) {
    const reader = client((await platform.user()).token);
    const got: number[] = [];
    room.readers.push(got);
    reader.on('message:new', (message: Message) => received(room, got, message));
    await reader.connect();
    await reader.join(name);
  }
  return room;
}

function received(room: Room, got: number[], message: Message): void {
  const n = Number(message.body);
  got.push(n);
  latency[phase].record(performance.now() - room.sentAt[n]);
  delivered[phase]++;
}

/** Sends at the configured total rate, round robin over the rooms, until `stop()`. */
function startSending(rooms: Room[]): { stop(): Promise<void>; sent(): number } {
  let sent = 0;
  let running = true;
  const pending: Promise<unknown>[] = [];
  const loop = (async () => {
    const start = performance.now();
    while (running) {
      const due = Math.floor(((performance.now() - start) / 1000) * settings.rate);
      for (; sent < due; sent++) {
        const room = rooms[sent % rooms.length];
        const n = room.sentAt.length;
        room.sentAt.push(performance.now());
        pending.push(room.sender.send({ room: room.name }, String(n), `${room.name}-${n}`).catch((error: Error) => errors.add(`send: ${error.message}`)));
      }
      await sleep(5);
    }
  })();
  return {
    sent: () => sent,
    async stop() {
      running = false;
      await loop;
      await Promise.all(pending);
    },
  };
}

const everyoneHas = (rooms: Room[], upTo: (room: Room) => number) => rooms.every((room) => room.readers.every((got) => got.length >= upTo(room)));

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) {
      errors.add(`timed out waiting for ${what}`);
      break;
    }
    await sleep(5);
  }
  return performance.now() - start;
}

interface RestartFigures {
  downMs: number;
  reconnectedMs: number;
  caughtUpMs: number;
}

async function restart(rooms: Room[]): Promise<RestartFigures> {
  const before = performance.now();
  await platform.edge?.stop();
  await platform.startEdge();
  const up = performance.now();
  const sentBefore = new Map(rooms.map((room) => [room, room.sentAt.length]));
  const reconnectedMs = await waitUntil(() => clients.every((c) => c.state === 'open'), 60_000, 'every client to reconnect');
  const caughtUpMs = await waitUntil(() => everyoneHas(rooms, (room) => sentBefore.get(room)!), 60_000, 'every reader to catch up');
  return { downMs: up - before, reconnectedMs, caughtUpMs };
}

/** Each reader must hold 0, 1, 2, … of its room: nothing lost, doubled or out of order. */
function verify(rooms: Room[]): { lost: number; doubled: number; reordered: number } {
  const totals = { lost: 0, doubled: 0, reordered: 0 };
  for (const room of rooms) {
    for (const got of room.readers) {
      const seen = new Set(got);
      totals.doubled += got.length - seen.size;
      totals.lost += room.sentAt.length - seen.size;
      totals.reordered += got.filter((n, i) => i > 0 && n <= got[i - 1]).length;
    }
  }
  if (totals.lost) errors.add(`${totals.lost} message deliveries lost`);
  if (totals.doubled) errors.add(`${totals.doubled} message deliveries doubled`);
  if (totals.reordered) errors.add(`${totals.reordered} message deliveries out of order`);
  return totals;
}

async function body(): Promise<void> {
  log(machineLine(NAME));
  log(`settings: ${JSON.stringify(settings)}`);
  await platform.startCore();
  await platform.startEdge();
  const rooms: Room[] = [];
  for (let i = 0; i < settings.rooms; i++) rooms.push(await setUpRoom());
  log(`${fmtInt(clients.length)} clients connected (${settings.rooms} senders, ${settings.rooms * settings.readersPerRoom} readers)`);

  const sending = startSending(rooms);
  const stopProgress = progress(() => `${NAME} ${phase}`, () => `sent ${fmtInt(sending.sent())}, delivered ${fmtInt(delivered.steady + delivered.restarts)}, open ${clients.filter((c) => c.state === 'open').length}/${clients.length}`);
  await sleep(settings.steadySeconds * 1000);
  phase = 'restarts';
  const restartsStart = performance.now();
  const restarts: RestartFigures[] = [];
  for (let i = 0; i < settings.restarts; i++) {
    await sleep(settings.gapSeconds * 1000);
    restarts.push(await restart(rooms));
    log(`restart ${i + 1}: edge down ${fmtMs(restarts[i].downMs, 0)} ms; every client connected again ${fmtMs(restarts[i].reconnectedMs, 0)} ms and caught up ${fmtMs(restarts[i].caughtUpMs, 0)} ms after the new edge was up`);
  }
  await sleep(settings.gapSeconds * 1000);
  await sending.stop();
  await waitUntil(() => everyoneHas(rooms, (room) => room.sentAt.length), 60_000, 'the last messages');
  const restartSeconds = (performance.now() - restartsStart) / 1000;
  stopProgress();

  const checks = verify(rooms);
  const steadyRate = delivered.steady / settings.steadySeconds;
  const restartRate = delivered.restarts / restartSeconds;
  const [s50, s99] = latency.steady.percentiles(50, 99);
  const [r50, r99] = latency.restarts.percentiles(50, 99);
  printTable(['phase', 'deliveries/s', 'latency p50 ms', 'p99 ms', 'max ms'], [
    ['steady (baseline)', fmtInt(steadyRate), fmtMs(s50), fmtMs(s99), fmtMs(latency.steady.max())],
    [`${settings.restarts} edge restarts`, fmtInt(restartRate), fmtMs(r50), fmtMs(r99), fmtMs(latency.restarts.max())],
  ]);
  log(`restart phase vs steady, deliveries/s: ${fmtRatio(restartRate / steadyRate)}; lost ${checks.lost}, doubled ${checks.doubled}, out of order ${checks.reordered} (goal: 0, 0, 0)`);
  log(pressureLine());
  writeResults(NAME, {
    machine: machineInfo(),
    settings,
    steady: { deliveries_per_sec: round(steadyRate, 1), p50_ms: round(s50, 2), p99_ms: round(s99, 2) },
    restarts: { deliveries_per_sec: round(restartRate, 1), p50_ms: round(r50, 2), p99_ms: round(r99, 2), each: restarts.map((r) => ({ down_ms: round(r.downMs, 0), reconnected_ms: round(r.reconnectedMs, 0), caught_up_ms: round(r.caughtUpMs, 0) })) },
    ratio: round(restartRate / steadyRate, 3),
    ...checks,
  });
}

runBenchmark({
  errors,
  body,
  cleanup: async () => {
    for (const c of clients) c.close();
    return platform.stop();
  },
});

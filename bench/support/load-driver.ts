/**
 * Drives one room: a sender socket sends `message:send` frames, subscriber sockets (joined to the
 * room) receive the `message:new` deliveries. Used by bench/fanout (1 sender, 1,000 subscribers)
 * and bench/e2e (1 sender, 1 subscriber).
 *
 * Message n is sent as client_msg_id `<letter><n>`; its send time is kept by n, so a delivery's
 * latency is read from the bytes without parsing JSON (see clientMsgNumber). All times come from
 * this process's clock (performance.now()), so publish→deliver latency needs no clock sync.
 *
 * Two ways to load:
 *   - `window`: as fast as acked sends allow, with at most `window` sends unacked, and at most
 *     `maxUndelivered` messages sent but not yet delivered to every subscriber. The second bound is
 *     flow control from the far end: without it a sender whose acks come back before delivery
 *     (the edge acks after the JetStream PubAck, the bare server at once) outruns the delivery path,
 *     queues grow without bound and the run measures buffering (and, past WS_MAX_BUFFERED_BYTES,
 *     closes slow sockets with 4008) instead of throughput.
 *   - `rate`: a fixed number of messages per second, open loop (sends are not held back by
 *     acks or deliveries, so a slow server shows as latency, as it would to real clients).
 */
import { performance } from 'node:perf_hooks';
import type { BenchChild } from './bench-child';
import { cpuShare } from './bench-child';
import { clientMsgNumber, closeAll, type BenchSocket, type Frame } from './bench-socket';
import { ErrorTally, fmtInt, interrupt, LatencyRecorder, machineCores, machineTicks, processCores, processCpuSnapshot, progress, round, SERVER_PROCESSES, sleep, waitFor } from './bench-kit';

export type LoadMode = { kind: 'window' } | { kind: 'rate'; perSec: number };

export interface PhaseOptions {
  label: string;
  mode: LoadMode;
  warmupSeconds: number;
  seconds: number;
  /** Processes whose CPU use is reported for the measured part. */
  probes?: BenchChild[];
  /** Longest wait for the last acks and deliveries after the measured part. Default 15 s. */
  drainTimeoutMs?: number;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  samples: number;
}

export interface PhaseResult {
  label: string;
  mode: string;
  seconds: number;
  /** Messages sent / acked / delivered (one per subscriber) during the measured part. */
  sent: number;
  acked: number;
  deliveries: number;
  sentPerSec: number;
  ackedPerSec: number;
  deliveriesPerSec: number;
  /** Deliveries per second divided by the subscribers: messages per second through to the clients. */
  messagesDeliveredPerSec: number;
  /** Send → ok answer, for messages sent during the measured part. */
  ack: Percentiles;
  /** Send → message:new at a subscriber, every subscriber, for messages sent during the measured part. */
  deliver: Percentiles;
  /** Deliveries of measured messages still missing after the drain. */
  missing: number;
  /** Fixed-rate mode: sends not made because `maxInFlight` acks were already outstanding. */
  skipped: number;
  /**
   * CPU over the measured part, in cores: each probe, this process (`clients`), the nats-server
   * and postgres processes (all their users), and the whole machine (`machine`: every process).
   */
  cpu: Record<string, number>;
}

export interface DriverOptions {
  room: string;
  /** Length of every message body in characters. */
  bodyChars: number;
  /** Unacked sends at most (window mode). */
  window: number;
  /** Messages sent but not yet delivered to every subscriber, at most (window mode). */
  maxUndelivered: number;
  /** Rate mode: unacked sends beyond which a due send is skipped (counted), so a stalled server cannot pile up sends. */
  maxInFlight: number;
  /** First letter of client_msg_id (distinct per driver, so ids never repeat for one sender). */
  letter: string;
  errors: ErrorTally;
}

export function percentiles(recorder: LatencyRecorder): Percentiles {
  const [p50, p90, p99] = recorder.percentiles(50, 90, 99);
  return { p50, p90, p99, max: recorder.max(), samples: recorder.count };
}

/** Latency percentiles as the JSON results give them. */
export function percentilesJson(l: Percentiles) {
  return { p50_ms: round(l.p50, 3), p90_ms: round(l.p90, 3), p99_ms: round(l.p99, 3), max_ms: round(l.max, 3), samples: l.samples };
}

/** CPU per process in cores (PhaseResult.cpu) as the JSON results give it. */
export function cpuJson(cpu: Record<string, number>) {
  return Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v, 3)]));
}

/** CPU per process in cores for a table cell: `edge 0.92, core 0.03, clients 0.96, …`. */
export function cpuText(cpu: Record<string, number>): string {
  return Object.entries(cpu)
    .map(([name, cores]) => `${name} ${cores.toFixed(2)}`)
    .join(', ');
}

export class LoadDriver {
  private sendTimes = new Float64Array(1 << 16);
  private next = 0;
  private inFlight = 0;
  private failed = 0;
  private live: number;
  /** Deliveries received by sockets still open (for the flow-control bound). */
  private deliveredLive = 0;
  private readonly deliveredBy: number[];
  private readonly body: string;

  // The phase in progress.
  private sending = false;
  private measuring = false;
  private measureFirst = Number.MAX_SAFE_INTEGER;
  private measureEnd = Number.MAX_SAFE_INTEGER;
  private counts = { sent: 0, acked: 0, deliveries: 0, measuredDeliveries: 0, failedMeasured: 0, perSecond: 0, skipped: 0 };
  private ackLatency = new LatencyRecorder();
  private deliverLatency = new LatencyRecorder();
  private blocked = false;
  private mode: 'window' | 'rate' = 'window';

  constructor(
    private readonly sender: BenchSocket,
    private readonly subscribers: BenchSocket[],
    private readonly options: DriverOptions,
  ) {
    this.live = subscribers.length;
    this.deliveredBy = subscribers.map(() => 0);
    this.body = 'x'.repeat(options.bodyChars);
    sender.onFrame = (frame) => this.onSenderFrame(frame);
    sender.onClose = (code) => {
      if (this.sending) options.errors.add(`the sender socket was closed by the server (${code})`);
    };
    subscribers.forEach((socket, index) => {
      socket.onDelivery = (data) => this.onDelivery(index, data);
      socket.onClose = (code) => {
        options.errors.add(`a subscriber socket was closed by the server (${code})`);
        this.live--;
        this.deliveredLive -= this.deliveredBy[index];
      };
    });
  }

  /** Sockets that left on their own are errors; these are closing on purpose. */
  detach(): void {
    for (const socket of [this.sender, ...this.subscribers]) socket.onClose = undefined;
    this.sending = false;
  }

  private outstanding(): number {
    return (this.next - this.failed) * this.live - this.deliveredLive;
  }

  private sendOne(): void {
    const n = this.next++;
    if (n === this.sendTimes.length) {
      const bigger = new Float64Array(this.sendTimes.length * 2);
      bigger.set(this.sendTimes);
      this.sendTimes = bigger;
    }
    this.inFlight++;
    this.sendTimes[n] = performance.now();
    this.sender.sendFrame('message:send', `s${n}`, { room: this.options.room, body: this.body, client_msg_id: `${this.options.letter}${n}` });
    this.counts.perSecond++;
    if (this.measuring) this.counts.sent++;
  }

  private pump(): void {
    if (!this.sending) return;
    while (this.inFlight < this.options.window) {
      if (this.outstanding() >= this.options.maxUndelivered * this.live) {
        this.blocked = true;
        return;
      }
      this.sendOne();
    }
  }

  private onSenderFrame(frame: Frame): void {
    const id = frame.id;
    if (id === undefined || id[0] !== 's') return;
    const n = Number(id.slice(1));
    this.inFlight--;
    if (frame.type === 'ok') {
      if (this.measuring) this.counts.acked++;
      if (n >= this.measureFirst && n < this.measureEnd) this.ackLatency.record(performance.now() - this.sendTimes[n]);
    } else {
      this.failed++;
      if (n >= this.measureFirst && n < this.measureEnd) this.counts.failedMeasured++;
      this.options.errors.add(`message:send answered ${frame.type}: ${frame.payload?.code}: ${frame.payload?.message}`);
    }
    if (this.mode === 'window') this.pump();
  }

  private onDelivery(index: number, data: Buffer): void {
    const n = clientMsgNumber(data);
    if (n < 0) return;
    this.deliveredBy[index]++;
    this.deliveredLive++;
    if (this.measuring) this.counts.deliveries++;
    if (n >= this.measureFirst && n < this.measureEnd) {
      this.counts.measuredDeliveries++;
      this.deliverLatency.record(performance.now() - this.sendTimes[n]);
    }
    if (this.blocked && this.outstanding() < this.options.maxUndelivered * this.live) {
      this.blocked = false;
      this.pump();
    }
  }

  async phase(options: PhaseOptions): Promise<PhaseResult> {
    const mode = options.mode;
    this.mode = mode.kind;
    this.counts = { sent: 0, acked: 0, deliveries: 0, measuredDeliveries: 0, failedMeasured: 0, perSecond: 0, skipped: 0 };
    this.ackLatency = new LatencyRecorder();
    this.deliverLatency = new LatencyRecorder();
    this.measureFirst = this.measureEnd = Number.MAX_SAFE_INTEGER;
    this.sending = true;

    // Fixed rate: a pacer sends whatever is due since the phase began, every millisecond or so.
    let pacer: NodeJS.Timeout | undefined;
    if (mode.kind === 'rate') {
      const start = performance.now();
      let sentHere = 0;
      const tick = () => {
        if (!this.sending) return;
        const due = Math.floor(((performance.now() - start) * mode.perSec) / 1000) - sentHere;
        for (let i = 0; i < due; i++) {
          sentHere++;
          if (this.inFlight >= this.options.maxInFlight) {
            this.counts.skipped++;
            continue;
          }
          this.sendOne();
        }
        pacer = setTimeout(tick, 1);
      };
      tick();
    } else {
      this.pump();
    }

    // One progress line a second.
    let lastDeliveries = this.deliveredLive;
    let stage = options.warmupSeconds > 0 ? 'warm-up' : 'measure';
    const stopProgress = progress(
      () => `[${options.label}${stage === 'warm-up' ? ' warm-up' : ''}]`,
      (secs) => {
        const deliveries = this.deliveredLive - lastDeliveries;
        const line =
          `${fmtInt(this.counts.perSecond / secs)} msg/s sent, ${fmtInt(deliveries / secs)} deliveries/s, ` +
          `${fmtInt(this.inFlight)} unacked, ${fmtInt(this.outstanding() / Math.max(1, this.live))} undelivered${this.options.errors.total ? `, ${fmtInt(this.options.errors.total)} errors` : ''}`;
        this.counts.perSecond = 0;
        lastDeliveries = this.deliveredLive;
        return line;
      },
    );

    try {
      await waitFor(options.warmupSeconds * 1000, 50);
      stage = 'measure';
      const cpuBefore = await Promise.all((options.probes ?? []).map((p) => p.cpu()));
      const ownBefore = process.cpuUsage();
      const machineBefore = machineTicks();
      const serversBefore = processCpuSnapshot(SERVER_PROCESSES);
      this.measureFirst = this.next;
      this.measuring = true;
      const start = performance.now();
      await waitFor(options.seconds * 1000, 50);
      this.measuring = false;
      this.measureEnd = this.next;
      const seconds = (performance.now() - start) / 1000;
      const cpuAfter = await Promise.all((options.probes ?? []).map((p) => p.cpu()));
      const ownAfter = process.cpuUsage();
      const machineAfter = machineTicks();
      const serversAfter = processCpuSnapshot(SERVER_PROCESSES);
      this.sending = false;
      clearTimeout(pacer);

      // Drain: the last acks and deliveries of what was sent.
      const drainUntil = performance.now() + (options.drainTimeoutMs ?? 15_000);
      while (!interrupt.aborted && (this.inFlight > 0 || this.outstanding() > 0) && performance.now() < drainUntil) await sleep(20);
      if (this.inFlight > 0 && !interrupt.aborted) this.options.errors.add(`${options.label}: ${this.inFlight} sends never answered`);
      const measuredMessages = this.measureEnd - this.measureFirst;
      const missing = Math.max(0, (measuredMessages - this.counts.failedMeasured) * this.live - this.counts.measuredDeliveries);
      if (missing > 0 && !interrupt.aborted) this.options.errors.add(`${options.label}: ${missing} deliveries missing ${((options.drainTimeoutMs ?? 15_000) / 1000).toFixed(0)}s after the last send`);

      const cpu: Record<string, number> = {};
      (options.probes ?? []).forEach((probe, i) => (cpu[probe.name] = cpuShare(cpuBefore[i], cpuAfter[i], seconds)));
      cpu.clients = cpuShare(ownBefore, ownAfter, seconds);
      Object.assign(cpu, processCores(serversBefore, serversAfter, seconds, SERVER_PROCESSES));
      cpu.machine = machineCores(machineBefore, machineAfter);
      return {
        label: options.label,
        mode: mode.kind === 'rate' ? `${mode.perSec} msg/s` : `window ${this.options.window}, ≤${this.options.maxUndelivered} undelivered`,
        seconds,
        sent: this.counts.sent,
        acked: this.counts.acked,
        deliveries: this.counts.deliveries,
        sentPerSec: this.counts.sent / seconds,
        ackedPerSec: this.counts.acked / seconds,
        deliveriesPerSec: this.counts.deliveries / seconds,
        messagesDeliveredPerSec: this.counts.deliveries / Math.max(1, this.live) / seconds,
        ack: percentiles(this.ackLatency),
        deliver: percentiles(this.deliverLatency),
        missing,
        skipped: this.counts.skipped,
        cpu,
      };
    } finally {
      stopProgress();
      clearTimeout(pacer);
      this.sending = false;
      this.measuring = false;
    }
  }
}

/** The two phases of runFullThenRate. */
export interface FullThenRateOptions {
  /** Names the phases: `<label> full`, and rateLabel(perSec) for the second. */
  label: string;
  rateLabel: (perSec: number) => string;
  /** Warm-up of the full-load phase; the fixed-rate phase warms up for at most 1 s. */
  warmupSeconds: number;
  seconds: number;
  /** Messages per second of the second phase, given the first one's result. */
  rate: (full: PhaseResult) => number;
  /** 0: the full-load phase only. */
  rateSeconds: number;
  probes: BenchChild[];
}

/**
 * What bench/fanout and bench/e2e measure on one server: a driver on the sockets, full load
 * (window), then, unless interrupted, a fixed rate; the sockets are closed afterwards, whatever
 * happened.
 */
export async function runFullThenRate(
  sender: BenchSocket,
  subscribers: BenchSocket[],
  driverOptions: DriverOptions,
  options: FullThenRateOptions,
): Promise<{ full: PhaseResult; rate: PhaseResult | undefined }> {
  const driver = new LoadDriver(sender, subscribers, driverOptions);
  try {
    const full = await driver.phase({ label: `${options.label} full`, mode: { kind: 'window' }, warmupSeconds: options.warmupSeconds, seconds: options.seconds, probes: options.probes });
    const perSec = options.rate(full);
    const rate = interrupt.aborted || options.rateSeconds === 0
      ? undefined
      : await driver.phase({ label: options.rateLabel(perSec), mode: { kind: 'rate', perSec }, warmupSeconds: Math.min(1, options.warmupSeconds), seconds: options.rateSeconds, probes: options.probes });
    return { full, rate };
  } finally {
    driver.detach();
    await closeAll([sender, ...subscribers]);
  }
}

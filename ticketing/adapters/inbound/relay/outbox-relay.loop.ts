import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import type { RelayOutboxUseCase } from '../../../application/use-cases/relay-outbox/relay-outbox.use-case';
import type { RelaySeatChangesUseCase } from '../../../application/use-cases/relay-seat-changes/relay-seat-changes.use-case';

/**
 * Longest sleep of an idle relay: each wakes at once at this process's own writes, and finds
 * other processes' (whose relay may not hold the lock or lease) within this.
 */
const IDLE_MS = { outbox: 100, seatChanges: 100 };
const OUTAGE_RETRY_MS = { first: 100, longest: 2_000 };

/**
 * Runs the two relays (the PostgreSQL outbox and the seat map's change feed) in a loop in every
 * ticketing process; a lock and a lease make one process at a time do the work, and another
 * take over within seconds when it dies. An outage pauses a relay with backoff; nothing is lost,
 * the rows and entries wait.
 */
export class OutboxRelayLoop {
  private running = false;
  private loops: Promise<void>[] = [];
  /** Resolves at stop(), ending whatever wait a loop is in. */
  private stopping: Promise<void> = Promise.resolve();
  private stopNow: () => void = () => undefined;
  private readonly owner = randomUUID();

  constructor(
    private readonly outbox: RelayOutboxUseCase,
    private readonly seatChanges: RelaySeatChangesUseCase,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.stopping = new Promise((resolve) => (this.stopNow = resolve));
    this.loops = [
      this.loop('outbox relay (PostgreSQL to JetStream)', () => this.outbox.pass(), () => this.outbox.changed(IDLE_MS.outbox)),
      this.loop('seat change relay (Redis to JetStream)', () => this.seatChanges.pass(this.owner), () => this.seatChanges.changed(IDLE_MS.seatChanges)),
    ];
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopNow();
    await Promise.all(this.loops);
  }

  private async loop(what: string, pass: () => Promise<number>, changed: () => Promise<void>): Promise<void> {
    const outage = new OutageLog(this.logger, what);
    let backoff = OUTAGE_RETRY_MS.first;
    while (this.running) {
      try {
        const done = await pass();
        outage.recovered();
        backoff = OUTAGE_RETRY_MS.first;
        if (done === 0) await Promise.race([changed(), this.stopping]);
      } catch (error) {
        outage.failed(error);
        await Promise.race([sleep(backoff), this.stopping]);
        backoff = Math.min(backoff * 2, OUTAGE_RETRY_MS.longest);
      }
    }
  }
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import type { RelayOutboxUseCase } from '../../../application/use-cases/relay-outbox/relay-outbox.use-case';
import type { RelaySeatChangesUseCase } from '../../../application/use-cases/relay-seat-changes/relay-seat-changes.use-case';

/** Between passes when there was nothing to relay; a full pass goes again at once. */
const IDLE_MS = 20;
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
  private readonly owner = randomUUID();

  constructor(
    private readonly outbox: RelayOutboxUseCase,
    private readonly seatChanges: RelaySeatChangesUseCase,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.loops = [this.loop('outbox relay (PostgreSQL to JetStream)', () => this.outbox.pass()), this.loop('seat change relay (Redis to JetStream)', () => this.seatChanges.pass(this.owner))];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(what: string, pass: () => Promise<number>): Promise<void> {
    const outage = new OutageLog(this.logger, what);
    let backoff = OUTAGE_RETRY_MS.first;
    while (this.running) {
      try {
        const done = await pass();
        outage.recovered();
        backoff = OUTAGE_RETRY_MS.first;
        if (done === 0) await sleep(IDLE_MS);
      } catch (error) {
        outage.failed(error);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, OUTAGE_RETRY_MS.longest);
      }
    }
  }
}

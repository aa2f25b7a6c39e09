import { inject, injectable } from 'tsyringe';
import type { EventPublisherPort } from '../../ports/event-publisher.port';
import type { OutboxPort } from '../../ports/outbox.port';
import { LiveSeatMap } from '../../live-seat-map';
import { EVENT_PUBLISHER, OUTBOX } from '../../../tokens';

const BATCH = 200;

/**
 * One pass of the outbox relay: publishes committed domain events to JetStream, oldest first
 * (Nats-Msg-Id `outbox:<id>`, so a pass repeated after a crash stores nothing twice), then applies
 * their seat effects to the live seat map in the same order. A row is done once both happened.
 */
@injectable()
export class RelayOutboxUseCase {
  constructor(
    @inject(OUTBOX) private readonly outbox: OutboxPort,
    @inject(EVENT_PUBLISHER) private readonly publisher: EventPublisherPort,
    private readonly seatMap: LiveSeatMap,
  ) {}

  /** Rows done in this pass (0 also when another process holds the relay lock). */
  async pass(): Promise<number> {
    let done = 0;
    await this.outbox.relay(BATCH, async (rows, step) => {
      const unpublished = rows.filter((row) => !row.published);
      if (unpublished.length > 0) {
        await this.publisher.publish(unpublished.map((row) => ({ id: `outbox:${row.id}`, event: row.event })));
        step.published(unpublished.map((row) => row.id));
      }
      for (const row of rows) {
        if (row.seatEffect) await this.seatMap.apply(row.seatEffect);
        step.done([row.id]);
        done++;
      }
    });
    return done;
  }

  /** Resolves when there may be more to relay (a commit anywhere), or after `ms`. */
  changed(ms: number): Promise<void> {
    return this.outbox.changed(ms);
  }
}

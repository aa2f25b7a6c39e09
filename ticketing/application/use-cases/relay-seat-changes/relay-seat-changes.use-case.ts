import { inject, injectable } from 'tsyringe';
import type { EventPublisherPort } from '../../ports/event-publisher.port';
import type { SeatChangeFeedPort } from '../../ports/seat-change-feed.port';
import { EVENT_PUBLISHER, SEAT_CHANGE_FEED } from '../../../tokens';

const BATCH = 500;
/** A relay that stops renewing its lease (it died) is replaced after this long. */
export const SEAT_RELAY_LEASE_MS = 3_000;

/**
 * One pass of the seat-change relay: the seat map's changes (holds, releases, expiries,
 * bookings) go to JetStream as seats.changed, in order, by one process at a time (the lease
 * holder); Nats-Msg-Id `seats:<feed id>` makes a repeated pass harmless.
 */
@injectable()
export class RelaySeatChangesUseCase {
  constructor(
    @inject(SEAT_CHANGE_FEED) private readonly feed: SeatChangeFeedPort,
    @inject(EVENT_PUBLISHER) private readonly publisher: EventPublisherPort,
  ) {}

  /** Changes relayed in this pass (0 when another process holds the lease). */
  async pass(owner: string): Promise<number> {
    const batch = await this.feed.claim(owner, SEAT_RELAY_LEASE_MS, BATCH);
    if (!batch || batch.ids.length === 0) return 0;
    await this.publisher.publish(
      batch.changes.map((change) => ({ id: `seats:${change.id}`, event: { type: 'seats.changed', event_id: change.eventId, available: change.available, seats: change.seats } })),
    );
    await this.feed.ack(batch.ids);
    return batch.changes.length;
  }

  /** Resolves when there may be more to relay (this process changed the seat map), or after `ms`. */
  changed(ms: number): Promise<void> {
    return this.feed.changed(ms);
  }
}

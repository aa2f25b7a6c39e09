import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { TicketingNames } from '#contracts/ticketing/ticketing-names';
import type { EventPublisherPort, PublishedEvent } from '../../../application/ports/event-publisher.port';

/**
 * Publishes domain events to stream TICKETING on `ticketing.<type>`, with `Nats-Msg-Id` so a
 * republished event (a relay pass repeated after a crash) is stored once. The publishes of one
 * call leave on one connection in order, so the stream keeps their order; the call resolves when
 * every PubAck is in, and rejects if any is missing.
 */
export class JetStreamEventPublisher implements EventPublisherPort {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly names: TicketingNames,
  ) {
    this.js = jetstream(nc, { timeout: 5_000 });
  }

  async publish(events: PublishedEvent[]): Promise<void> {
    await Promise.all(events.map(({ id, event }) => this.js.publish(this.names.subject(event.type), JSON.stringify(event), { msgID: id })));
  }
}

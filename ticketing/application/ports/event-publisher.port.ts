import type { TicketingEvent } from '#contracts/ticketing/ticketing-events';

export interface PublishedEvent {
  /** Deduplication id (Nats-Msg-Id): a republished event is stored once. */
  id: string;
  event: TicketingEvent;
}

/** Publishes ticketing's domain events to stream TICKETING, in order, resolving once all are stored. */
export interface EventPublisherPort {
  publish(events: PublishedEvent[]): Promise<void>;
}

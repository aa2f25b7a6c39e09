import { eventStream, type StreamDefinition } from '#kernel/nats/jetstream-streams';
import { ticketingNames } from './ticketing-names';

/** Ticketing's stream: file storage, a 2-minute duplicate window (outbox ids as Nats-Msg-Id), 7 days. */
export function ticketingStreams(prefix: string): StreamDefinition[] {
  const names = ticketingNames(prefix);
  return [eventStream(names.stream, names.subjects, 7)];
}

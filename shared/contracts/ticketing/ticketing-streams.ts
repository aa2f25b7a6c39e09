import { DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { DAY_MS, NANOS_PER_MS, type StreamDefinition } from '#kernel/nats/jetstream-streams';
import { ticketingNames } from './ticketing-names';

/** Ticketing's stream: file storage, a 2-minute duplicate window (outbox ids as Nats-Msg-Id), 7 days. */
export function ticketingStreams(prefix: string): StreamDefinition[] {
  const names = ticketingNames(prefix);
  return [
    {
      name: names.stream,
      subjects: [names.subjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: 2 * 60_000 * NANOS_PER_MS,
      max_age: 7 * DAY_MS * NANOS_PER_MS,
    },
  ];
}

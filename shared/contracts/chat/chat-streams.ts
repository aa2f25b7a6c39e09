import { DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { DAY_MS, deadLetterStream, NANOS_PER_MS, type StreamDefinition } from '#kernel/nats/jetstream-streams';
import { chatNames } from './chat-subjects';

/**
 * Chat's streams: CHAT (file storage, a 2-minute duplicate window for Nats-Msg-Id, 7 days) and
 * the dead-letter stream its poison messages go to. The edge (publisher) and the core (consumer)
 * both ensure them.
 */
export function chatStreams(prefix: string): StreamDefinition[] {
  const names = chatNames(prefix);
  return [
    {
      name: names.chatStream,
      subjects: [names.chatSubjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: 2 * 60_000 * NANOS_PER_MS,
      max_age: 7 * DAY_MS * NANOS_PER_MS,
    },
    deadLetterStream(prefix),
  ];
}

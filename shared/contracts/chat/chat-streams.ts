import { deadLetterStream, eventStream, type StreamDefinition } from '#kernel/nats/jetstream-streams';
import { chatNames } from './chat-subjects';

/**
 * Chat's streams: CHAT (file storage, a 2-minute duplicate window for Nats-Msg-Id, 7 days) and
 * the dead-letter stream its poison messages go to. The edge (publisher) and the core (consumer)
 * both ensure them.
 */
export function chatStreams(prefix: string): StreamDefinition[] {
  const names = chatNames(prefix);
  return [eventStream(names.chatStream, names.chatSubjects, 7), deadLetterStream(prefix)];
}

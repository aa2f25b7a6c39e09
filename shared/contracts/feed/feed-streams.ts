import { deadLetterStream, eventStream, type StreamDefinition } from '#kernel/nats/jetstream-streams';
import { feedNames } from './feed-names';

/** The feed's stream FEED (7 days, a 2-minute duplicate window for `post:<id>` message ids) and the dead letters. */
export function feedStreams(prefix: string): StreamDefinition[] {
  const names = feedNames(prefix);
  return [eventStream(names.stream, names.subjects, 7), deadLetterStream(prefix)];
}

import type { NatsConnection } from '@nats-io/transport-node';
import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import type { MessagingNames } from './subjects';

const NANOS_PER_MS = 1_000_000;
const DAY_MS = 86_400_000;

/** SPEC §6: file storage, a duplicate window of at least 2 minutes. */
function streamConfigs(names: MessagingNames): (Partial<StreamConfig> & { name: string })[] {
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
    {
      name: names.deadLetterStream,
      subjects: [names.deadLetterSubjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: 30 * DAY_MS * NANOS_PER_MS,
    },
  ];
}

/**
 * Creates the CHAT and DLQ streams, or updates them to this configuration. Both the edge (which
 * publishes) and the core (which consumes) call it, so either may start first.
 */
export async function ensureMessagingStreams(nc: NatsConnection, names: MessagingNames): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const config of streamConfigs(names)) {
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (error) {
      if ((error as { name?: string }).name !== 'StreamNotFoundError' && !/stream not found/i.test(String((error as Error).message))) throw error;
      await jsm.streams.add(config).catch((addError: Error) => {
        // Created meanwhile by another process.
        if (!/already in use|already exists/i.test(addError.message)) throw addError;
      });
    }
  }
}

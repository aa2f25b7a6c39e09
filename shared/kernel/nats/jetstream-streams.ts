import type { NatsConnection } from '@nats-io/transport-node';
import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';

export const NANOS_PER_MS = 1_000_000;
export const DAY_MS = 86_400_000;

/** A stream as a context declares it; `ensureStreams` creates or updates it. */
export type StreamDefinition = Partial<StreamConfig> & { name: string; subjects: string[] };

/**
 * A stream of domain events or messages as the platform keeps them: file storage, the oldest
 * discarded past `days`, and a 2-minute duplicate window for the publishers' Nats-Msg-Id.
 */
export function eventStream(name: string, subjects: string, days: number): StreamDefinition {
  return {
    name,
    subjects: [subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: 2 * 60_000 * NANOS_PER_MS,
    max_age: days * DAY_MS * NANOS_PER_MS,
  };
}

/**
 * The platform's dead-letter stream (`dlq.>`): each context dead-letters its poison messages to
 * `dlq.<context>` with the reason in a header. Kept 30 days.
 */
export function deadLetterNames(prefix: string) {
  return {
    stream: `${prefix}DLQ`,
    subjects: `${prefix}dlq.>`,
    /** Where `context` (chat, ticketing, …) dead-letters. */
    subject: (context: string) => `${prefix}dlq.${context}`,
  };
}

export function deadLetterStream(prefix: string): StreamDefinition {
  const names = deadLetterNames(prefix);
  return { name: names.stream, subjects: [names.subjects], storage: StorageType.File, retention: RetentionPolicy.Limits, max_age: 30 * DAY_MS * NANOS_PER_MS };
}

const notFound = (error: unknown) => (error as { name?: string }).name === 'StreamNotFoundError' || /stream not found/i.test(String((error as Error).message));

/**
 * Creates each stream, or updates it to this configuration. Every process that publishes to a
 * stream or consumes from it calls this, so any of them may start first.
 */
export async function ensureStreams(nc: NatsConnection, streams: StreamDefinition[]): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const config of streams) {
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (error) {
      if (!notFound(error)) throw error;
      await jsm.streams.add(config).catch((addError: Error) => {
        // Created meanwhile by another process.
        if (!/already in use|already exists/i.test(addError.message)) throw addError;
      });
    }
  }
}

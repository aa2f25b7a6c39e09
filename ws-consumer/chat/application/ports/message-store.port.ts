import type { IncomingMessage, StoredMessage } from '../../domain/message.entity';

export interface PersistOutcome {
  /** Newly stored, numbered messages, by room then seq (within a room, seq follows stream order). A second copy of one key within a batch is stored once and reported once. */
  stored: StoredMessage[];
  /** Messages whose idempotency key was already stored: the stored copy. */
  duplicates: StoredMessage[];
  /** Messages for rooms that do not exist. */
  unknownRoom: IncomingMessage[];
}

export interface MessageStorePort {
  /**
   * Stores a batch in one transaction and numbers each room's new messages from the room's
   * counter, so seq has no gaps whatever the number of concurrent writers. Idempotent per
   * dedup key.
   */
  persistBatch(messages: IncomingMessage[]): Promise<PersistOutcome>;
  /** Messages with afterSeq < seq <= upToSeq, oldest first, at most `limit`. */
  range(room: string, afterSeq: number, upToSeq: number, limit: number): Promise<StoredMessage[]>;
  /** A history page: newest first before `beforeSeq` (or the newest), or oldest first after `afterSeq`. */
  page(room: string, cursor: { beforeSeq?: number; afterSeq?: number }, limit: number): Promise<StoredMessage[]>;
}

import type { MessageDocument } from '../../domain/search-documents';

/** A message of stream CHAT as the indexer receives it: its idempotency key and stream sequence. */
export interface StreamedMessage {
  /** `<sender_id>:<client_msg_id>`, the Nats-Msg-Id and the messages table's dedup_key. */
  key: string;
  streamSeq: number;
}

/** The messages chat has stored (with their room seq and the room's visibility), read by the indexer. */
export interface StoredMessagesPort {
  /** The stored messages of these keys; a key chat has not stored (yet, or ever) is absent. */
  byKeys(keys: string[]): Promise<(MessageDocument & { key: string })[]>;
}

/** How far chat's persisting consumer has got through stream CHAT. */
export interface PersistProgressPort {
  /**
   * True once every message up to `streamSeq` has been handled by the persisting consumer (stored,
   * or refused and dead-lettered), waiting at most `waitMs`; false if it has not got that far by then.
   */
  handledThrough(streamSeq: number, waitMs: number): Promise<boolean>;
}

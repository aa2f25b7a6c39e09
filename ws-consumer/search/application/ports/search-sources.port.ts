import type { EventDocument, MessageDocument, UserDocument } from '../../domain/search-documents';

/** One batch of documents from a source, and where the next batch starts (undefined: the end). */
export interface SourceBatch<T> {
  documents: T[];
  next?: string;
}

/**
 * The records the index is built from, read in key order a batch at a time (reindex): auth's
 * users, chat's messages, ticketing's events. `after` is the previous batch's `next`.
 */
export interface SearchSourcesPort {
  count(index: 'users' | 'messages' | 'events'): Promise<number>;
  users(after: string | undefined, limit: number): Promise<SourceBatch<UserDocument>>;
  messages(after: string | undefined, limit: number): Promise<SourceBatch<MessageDocument>>;
  events(after: string | undefined, limit: number): Promise<SourceBatch<EventDocument>>;
}

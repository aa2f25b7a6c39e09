import type { EventDocument, MessageDocument, SearchIndexName, UserDocument } from '../../domain/search-documents';

/** One page of hits; `nextCursor` (opaque, the adapter's own) continues after the last one. */
export interface SearchPage<T> {
  items: T[];
  nextCursor?: string;
}

export interface UserQuery {
  /** Lower-cased literal text (domain searchText). 3+ characters: substring of username, email or phone; fewer: username prefix. */
  text: string;
  limit: number;
  cursor?: string;
}

/**
 * Which messages the caller may find: those of public and event rooms, and of the private and
 * direct rooms in `memberOf` (read from the memberships at query time, so a removed member stops
 * finding a room's messages at once). The adapter applies it in the index query itself.
 */
export interface MessageAccess {
  memberOf: string[];
}

export interface MessageQuery {
  /** Lower-cased literal text; its words must all occur (full text, ranked). */
  text: string;
  /** Only this room's messages (still subject to `access`). */
  room?: string;
  access: MessageAccess;
  limit: number;
  cursor?: string;
}

export interface EventQuery {
  /** Lower-cased literal text; its words must all occur in the name or venue (full text, ranked). */
  text: string;
  limit: number;
  cursor?: string;
}

/** A message hit: the document and a snippet of its body with the matched words between MARK_START and MARK_END. */
export interface MessageHit extends MessageDocument {
  snippet: string;
}

/**
 * The search index: documents in, ranked pages out. Indexing is an upsert by the document's key
 * (idempotent). Queries are literal text whatever the backend's own syntax; a malformed cursor is
 * SEARCH.BAD_CURSOR. Pages are full (limit hits) unless the results end, and never repeat a hit
 * across pages of one query.
 */
export interface SearchIndexPort {
  /** Creates what the backend needs (Elasticsearch: index templates and indexes); idempotent. */
  prepare(): Promise<void>;
  indexUsers(users: UserDocument[]): Promise<void>;
  indexMessages(messages: MessageDocument[]): Promise<void>;
  indexEvents(events: EventDocument[]): Promise<void>;
  searchUsers(query: UserQuery): Promise<SearchPage<UserDocument>>;
  searchMessages(query: MessageQuery): Promise<SearchPage<MessageHit>>;
  searchEvents(query: EventQuery): Promise<SearchPage<EventDocument>>;
  /** Documents in one index (for /ready, reindex and the benchmark). */
  count(index: SearchIndexName): Promise<number>;
  /** Makes everything indexed so far visible to searches (Elasticsearch refreshes; others need nothing). */
  refresh(): Promise<void>;
}

import { Client, Transport, errors, type ClientOptions, type TransportOptions, type estypes } from '@elastic/elasticsearch';
import { MARK_END, MARK_START, userMatch } from '../../../domain/search-query';
import { OPEN_VISIBILITIES, SEARCH_INDEXES, type EventDocument, type MessageDocument, type RoomVisibility, type SearchIndexName, type UserDocument } from '../../../domain/search-documents';
import { decodeSearchCursor, encodeSearchCursor } from '../../../application/search-cursor';
import type { EventQuery, MessageHit, MessageQuery, SearchIndexPort, SearchPage, UserQuery } from '../../../application/ports/search-index.port';

/**
 * The v9 client sends `compatible-with=9` media types, which Elasticsearch 8 refuses (400
 * media_type_header_exception). Plain JSON asks every server for its own version, and the
 * requests of this adapter mean the same in 8 and 9.
 */
class PlainJsonTransport extends Transport {
  constructor(options: TransportOptions) {
    super({ ...options, vendoredHeaders: undefined });
  }
}

/** A client for the Elasticsearch at `url` (8 or 9). */
export function createElasticsearchClient(url: string, options: Omit<ClientOptions, 'node' | 'nodes' | 'Transport'> = {}): Client {
  return new Client({ ...options, node: url, Transport: PlainJsonTransport });
}

/** The index of each kind of document; Elasticsearch index names are lower case. */
export function elasticsearchIndexNames(prefix: string): Record<SearchIndexName, string> {
  const base = `${prefix.toLowerCase()}search-`;
  return { users: `${base}users`, messages: `${base}messages`, events: `${base}events` };
}

interface UserSource {
  user_id: string;
  username: string;
  email: string;
  phone: string | null;
  username_lc: string;
  email_lc: string;
  phone_lc: string | null;
}
interface MessageSource {
  message_id: string;
  room: string;
  seq: number;
  sender_id: string;
  body: string;
  visibility: RoomVisibility;
  created_at: string;
}
interface EventSource {
  event_id: string;
  name: string;
  venue: string | null;
  starts_at: string | null;
  organizer_id: string;
}

/** Shown, never searched. */
const DISPLAY: estypes.MappingKeywordProperty = { type: 'keyword', index: false, doc_values: false };
/** Words as PostgreSQL's 'simple' configuration has them: lower-cased, no stop words, no stemming. */
const WORDS: estypes.MappingTextProperty = { type: 'text', analyzer: 'standard' };
/** The username's sort and prefix key (a keyword beside the wildcard field). */
const USERNAME_KEY = 'username_lc.key';
const USER_SUBSTRING_FIELDS = ['username_lc', 'email_lc', 'phone_lc'];

const MAPPINGS: Record<SearchIndexName, estypes.MappingTypeMapping> = {
  // The wildcard type finds `*fragment*` through n-grams checked against the value: the
  // substring search PostgreSQL does with pg_trgm. It is case-sensitive, hence the copies the
  // adapter lower-cases.
  users: {
    dynamic: 'strict',
    properties: {
      user_id: { type: 'keyword' },
      username: DISPLAY,
      email: DISPLAY,
      phone: DISPLAY,
      username_lc: { type: 'wildcard', fields: { key: { type: 'keyword' } } },
      email_lc: { type: 'wildcard' },
      phone_lc: { type: 'wildcard' },
    },
  },
  messages: {
    dynamic: 'strict',
    properties: {
      message_id: { type: 'keyword' },
      room: { type: 'keyword' },
      seq: { type: 'long' },
      sender_id: { type: 'keyword' },
      body: WORDS,
      visibility: { type: 'keyword' },
      created_at: { type: 'date' },
    },
  },
  events: {
    dynamic: 'strict',
    properties: {
      event_id: { type: 'keyword' },
      name: WORDS,
      venue: WORDS,
      starts_at: { type: 'date' },
      organizer_id: { type: 'keyword' },
    },
  },
};

// One shard: scores come from the statistics of the whole index (the same ranking whichever shard
// holds a document), and the indexes are small. A replica where there is a second node.
const SETTINGS: estypes.IndicesIndexSettings = { number_of_shards: 1, auto_expand_replicas: '0-1' };
// Above the built-in templates (100, e.g. logs-*-*), so a prefix that matches one of their patterns
// still gets these mappings rather than a data stream.
const TEMPLATE_PRIORITY = 200;

const FRAGMENT_DELIMITER = ' … ';
// Like PostgreSQL's headline: up to two passages of the body with the matched words marked, and the
// body's start should no word be marked.
const HIGHLIGHT: estypes.SearchHighlight = {
  pre_tags: [MARK_START],
  post_tags: [MARK_END],
  fields: { body: { number_of_fragments: 2, fragment_size: 150, no_match_size: 150 } },
};

/** Wildcard syntax taken literally (the backslash escapes in wildcard patterns). */
const wildcardLiteral = (text: string) => text.replace(/[\\*?]/g, (c) => `\\${c}`);

function userMatchQuery(text: string): estypes.QueryDslQueryContainer {
  if (userMatch(text) === 'prefix') return { prefix: { [USERNAME_KEY]: { value: text } } };
  const pattern = `*${wildcardLiteral(text)}*`;
  return { bool: { should: USER_SUBSTRING_FIELDS.map((field) => ({ wildcard: { [field]: { value: pattern } } })), minimum_should_match: 1 } };
}

// `match` analyses the text like the body, so query syntax is plain words; a text of no words
// (`%`, `***`) matches nothing (zero_terms_query 'none').
function messageQuery(query: MessageQuery): estypes.QueryDslQueryContainer {
  const readable: estypes.QueryDslQueryContainer = { bool: { should: [{ terms: { visibility: [...OPEN_VISIBILITIES] } }, { terms: { room: query.access.memberOf } }], minimum_should_match: 1 } };
  return {
    bool: {
      must: [{ match: { body: { query: query.text, operator: 'and' } } }],
      filter: [...(query.room === undefined ? [] : [{ term: { room: query.room } }]), readable],
    },
  };
}

// cross_fields: every word in the name or the venue, not all of them in one field.
const eventQuery = (text: string): estypes.QueryDslQueryContainer => ({ multi_match: { query: text, fields: ['name', 'venue'], type: 'cross_fields', operator: 'and' } });

/** The request's paging: one hit more than the page tells whether another page follows. */
function paging(limit: number, after: readonly (string | number)[] | undefined): Pick<estypes.SearchRequest, 'size' | 'track_total_hits' | 'search_after'> {
  return { size: limit + 1, track_total_hits: false, ...(after ? { search_after: [...after] } : {}) };
}

/**
 * A page of `limit` from hits fetched with `limit + 1`, the cursor the sort key of its last hit.
 * Every query keeps `_source` and sorts on fields every document has, so each hit has both.
 */
function pageOf<S, T>(hits: estypes.SearchHit<S>[], limit: number, map: (source: S, hit: estypes.SearchHit<S>) => T): SearchPage<T> {
  const items = hits.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map((hit) => map(hit._source as S, hit)), ...(hits.length > limit ? { nextCursor: encodeSearchCursor(last.sort as (string | number)[]) } : {}) };
}

function bulkFailure(index: string, response: estypes.BulkResponse): Error {
  const failures = response.items.flatMap(({ index: result }) => (result?.error ? [{ id: result._id, error: result.error }] : []));
  const { id, error } = failures[0];
  return new Error(`Elasticsearch refused ${failures.length} of ${response.items.length} documents for ${index}, the first ${id}: ${error.type}: ${error.reason}`);
}

const alreadyExists = (err: unknown) => err instanceof errors.ResponseError && err.body?.error?.type === 'resource_already_exists_exception';

const userSource = (u: UserDocument): UserSource => ({
  user_id: u.userId,
  username: u.username,
  email: u.email,
  phone: u.phone,
  username_lc: u.username.toLowerCase(),
  email_lc: u.email.toLowerCase(),
  phone_lc: u.phone?.toLowerCase() ?? null,
});
const messageSource = (m: MessageDocument): MessageSource => ({
  message_id: m.messageId,
  room: m.room,
  seq: m.seq,
  sender_id: m.senderId,
  body: m.body,
  visibility: m.visibility,
  created_at: m.createdAt.toISOString(),
});
const eventSource = (e: EventDocument): EventSource => ({
  event_id: e.eventId,
  name: e.name,
  venue: e.venue,
  starts_at: e.startsAt?.toISOString() ?? null,
  organizer_id: e.organizerId,
});

const userOf = (s: UserSource): UserDocument => ({ userId: s.user_id, username: s.username, email: s.email, phone: s.phone });
const messageOf = (s: MessageSource): MessageDocument => ({
  messageId: s.message_id,
  room: s.room,
  seq: s.seq,
  senderId: s.sender_id,
  body: s.body,
  visibility: s.visibility,
  createdAt: new Date(s.created_at),
});
const eventOf = (s: EventSource): EventDocument => ({
  eventId: s.event_id,
  name: s.name,
  venue: s.venue,
  startsAt: s.starts_at === null ? null : new Date(s.starts_at),
  organizerId: s.organizer_id,
});

/**
 * The search index in Elasticsearch: one index per kind of document (index templates hold their
 * settings and mappings), `wildcard` fields for substrings of username, email and phone, full text
 * (standard analyzer, BM25) for messages and events. A document's `_id` is its key, so indexing it
 * again replaces it. Pages are `search_after` on the sort key, and the access rule of messages is a
 * filter of the query.
 */
export class ElasticsearchSearchIndex implements SearchIndexPort {
  private readonly names: Record<SearchIndexName, string>;

  constructor(
    private readonly client: Client,
    prefix: string,
  ) {
    this.names = elasticsearchIndexNames(prefix);
  }

  /** An index that exists already keeps its mappings: a changed mapping needs a new index and a reindex. */
  async prepare(): Promise<void> {
    for (const index of SEARCH_INDEXES) {
      const name = this.names[index];
      await this.client.indices.putIndexTemplate({ name, index_patterns: [name], priority: TEMPLATE_PRIORITY, template: { settings: SETTINGS, mappings: MAPPINGS[index] } });
      await this.createIndex(name);
    }
  }

  async refresh(): Promise<void> {
    await this.client.indices.refresh({ index: SEARCH_INDEXES.map((index) => this.names[index]) });
  }

  async indexUsers(users: UserDocument[]): Promise<void> {
    await this.bulkIndex(this.names.users, users.map((u) => [u.userId, userSource(u)]));
  }

  async indexMessages(messages: MessageDocument[]): Promise<void> {
    await this.bulkIndex(this.names.messages, messages.map((m) => [`${m.room}#${m.seq}`, messageSource(m)]));
  }

  async indexEvents(events: EventDocument[]): Promise<void> {
    await this.bulkIndex(this.names.events, events.map((e) => [e.eventId, eventSource(e)]));
  }

  async count(index: SearchIndexName): Promise<number> {
    return (await this.client.count({ index: this.names[index] })).count;
  }

  async searchUsers(query: UserQuery): Promise<SearchPage<UserDocument>> {
    const after = query.cursor ? decodeSearchCursor(query.cursor, ['string', 'string'] as const) : undefined;
    const response = await this.client.search<UserSource>({
      index: this.names.users,
      query: userMatchQuery(query.text),
      sort: [{ [USERNAME_KEY]: 'asc' }, { user_id: 'asc' }],
      ...paging(query.limit, after),
    });
    return pageOf(response.hits.hits, query.limit, userOf);
  }

  async searchMessages(query: MessageQuery): Promise<SearchPage<MessageHit>> {
    const after = query.cursor ? decodeSearchCursor(query.cursor, ['number', 'number', 'string', 'number'] as const) : undefined;
    const response = await this.client.search<MessageSource>({
      index: this.names.messages,
      query: messageQuery(query),
      sort: [{ _score: { order: 'desc' } }, { created_at: 'desc' }, { room: 'desc' }, { seq: 'desc' }],
      highlight: HIGHLIGHT,
      ...paging(query.limit, after),
    });
    return pageOf(response.hits.hits, query.limit, (s, hit) => ({ ...messageOf(s), snippet: (hit.highlight?.body ?? []).join(FRAGMENT_DELIMITER) }));
  }

  async searchEvents(query: EventQuery): Promise<SearchPage<EventDocument>> {
    const after = query.cursor ? decodeSearchCursor(query.cursor, ['number', 'string'] as const) : undefined;
    const response = await this.client.search<EventSource>({
      index: this.names.events,
      query: eventQuery(query.text),
      sort: [{ _score: { order: 'desc' } }, { event_id: 'desc' }],
      ...paging(query.limit, after),
    });
    return pageOf(response.hits.hits, query.limit, eventOf);
  }

  private async createIndex(name: string): Promise<void> {
    try {
      await this.client.indices.create({ index: name });
    } catch (err) {
      if (!alreadyExists(err)) throw err;
    }
  }

  /** Bulk `index` operations in order: a key twice in one batch ends as its last document. */
  private async bulkIndex(index: string, docs: [id: string, source: object][]): Promise<void> {
    if (docs.length === 0) return;
    const response = await this.client.bulk({ operations: docs.flatMap(([id, source]) => [{ index: { _index: index, _id: id } }, source]) });
    if (response.errors) throw bulkFailure(index, response);
  }
}

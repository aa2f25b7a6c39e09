import type { Pool } from 'pg';
import { MARK_END, MARK_START, userMatch } from '../../../domain/search-query';
import { OPEN_VISIBILITIES, type EventDocument, type MessageDocument, type RoomVisibility, type SearchIndexName, type UserDocument } from '../../../domain/search-documents';
import { decodeSearchCursor, encodeSearchCursor } from '../../../application/search-cursor';
import type { EventQuery, MessageHit, MessageQuery, SearchIndexPort, SearchPage, UserQuery } from '../../../application/ports/search-index.port';

/** LIKE's wildcards and escape character taken literally (the default ESCAPE is the backslash). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The last document of each key: one upsert statement may not touch a row twice. */
function lastByKey<T>(docs: T[], key: (doc: T) => string): T[] {
  return [...new Map(docs.map((d) => [key(d), d])).values()];
}

/** A page of `limit` from rows fetched with `limit + 1`, the cursor the key of its last row. */
function pageOf<R, T>(rows: R[], limit: number, map: (row: R) => T, key: (row: R) => (string | number)[]): SearchPage<T> {
  const items = rows.slice(0, limit);
  return { items: items.map(map), ...(rows.length > limit ? { nextCursor: encodeSearchCursor(key(items[items.length - 1])) } : {}) };
}

const TABLES: Record<SearchIndexName, string> = { users: 'search_users', messages: 'search_messages', events: 'search_events' };
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;

interface UserRow {
  user_id: string;
  username: string;
  email: string;
  phone: string | null;
  username_lc: string;
}
interface MessageRow {
  room: string;
  seq: string;
  message_id: string;
  sender_id: string;
  body: string;
  visibility: RoomVisibility;
  created_at: Date;
  created_key: string;
  rank: string;
  snippet: string;
}
interface EventRow {
  event_id: string;
  name: string;
  venue: string | null;
  starts_at: Date | null;
  organizer_id: string;
  rank: string;
}

/**
 * The search index in PostgreSQL (the tables of migration search-index): pg_trgm for substrings
 * of username, email and phone, full text ('simple') with ts_rank_cd for messages and events.
 * Pages are keyset pages on the sort key, so hits indexed meanwhile never shift or repeat a page;
 * the access rule of messages is part of the WHERE clause.
 */
export class PgSearchIndex implements SearchIndexPort {
  constructor(private readonly pool: Pool) {}

  async prepare(): Promise<void> {}

  async refresh(): Promise<void> {}

  async indexUsers(users: UserDocument[]): Promise<void> {
    const docs = lastByKey(users, (u) => u.userId);
    if (docs.length === 0) return;
    await this.pool.query(
      `INSERT INTO search_users (user_id, username, email, phone)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (user_id) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email, phone = EXCLUDED.phone`,
      [docs.map((u) => u.userId), docs.map((u) => u.username), docs.map((u) => u.email), docs.map((u) => u.phone)],
    );
  }

  async indexMessages(messages: MessageDocument[]): Promise<void> {
    const docs = lastByKey(messages, (m) => `${m.room}#${m.seq}`);
    if (docs.length === 0) return;
    await this.pool.query(
      `INSERT INTO search_messages (room, seq, message_id, sender_id, body, visibility, created_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::bigint[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT (room, seq) DO UPDATE SET message_id = EXCLUDED.message_id, sender_id = EXCLUDED.sender_id, body = EXCLUDED.body,
         visibility = EXCLUDED.visibility, created_at = EXCLUDED.created_at`,
      [docs.map((m) => m.room), docs.map((m) => m.seq), docs.map((m) => m.messageId), docs.map((m) => m.senderId), docs.map((m) => m.body), docs.map((m) => m.visibility), docs.map((m) => m.createdAt)],
    );
  }

  async indexEvents(events: EventDocument[]): Promise<void> {
    const docs = lastByKey(events, (e) => e.eventId);
    if (docs.length === 0) return;
    await this.pool.query(
      `INSERT INTO search_events (event_id, name, venue, starts_at, organizer_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[])
       ON CONFLICT (event_id) DO UPDATE SET name = EXCLUDED.name, venue = EXCLUDED.venue, starts_at = EXCLUDED.starts_at, organizer_id = EXCLUDED.organizer_id`,
      [docs.map((e) => e.eventId), docs.map((e) => e.name), docs.map((e) => e.venue), docs.map((e) => e.startsAt), docs.map((e) => e.organizerId)],
    );
  }

  async count(index: SearchIndexName): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${TABLES[index]}`);
    return Number(rows[0].n);
  }

  async searchUsers(query: UserQuery): Promise<SearchPage<UserDocument>> {
    const after = query.cursor ? decodeSearchCursor(query.cursor, ['string', 'string'] as const) : undefined;
    const match =
      userMatch(query.text) === 'prefix'
        ? `username_lc LIKE $1 || '%'`
        : `(username_lc LIKE '%' || $1 || '%' OR email_lc LIKE '%' || $1 || '%' OR phone_lc LIKE '%' || $1 || '%')`;
    const { rows } = await this.pool.query<UserRow>(
      `SELECT user_id::text AS user_id, username, email, phone, username_lc FROM search_users
       WHERE ${match} AND ($2::text IS NULL OR (username_lc, user_id) > ($2, $3::bigint))
       ORDER BY username_lc, user_id LIMIT $4`,
      [likeLiteral(query.text), after?.[0] ?? null, after?.[1] ?? null, query.limit + 1],
    );
    return pageOf(rows, query.limit, (r) => ({ userId: r.user_id, username: r.username, email: r.email, phone: r.phone }), (r) => [r.username_lc, r.user_id]);
  }

  async searchMessages(query: MessageQuery): Promise<SearchPage<MessageHit>> {
    const after = query.cursor ? decodeSearchCursor(query.cursor, ['string', 'string', 'string', 'string'] as const) : undefined;
    // The snippet is made for the page only (ts_headline re-parses the body).
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT hit.*, ts_headline('simple', hit.body, plainto_tsquery('simple', $1), $8) AS snippet FROM (
         SELECT room, seq::text AS seq, message_id, sender_id::text AS sender_id, body, visibility, created_at, created_at::text AS created_key,
                ts_rank_cd(words, q)::text AS rank
         FROM search_messages, plainto_tsquery('simple', $1) AS q
         WHERE words @@ q
           AND (visibility = ANY($2::text[]) OR room = ANY($3::text[]))
           AND ($4::text IS NULL OR room = $4)
           AND ($5::text IS NULL OR (ts_rank_cd(words, q), created_at, room, seq) < ($5::real, $6::timestamptz, $7::text, $10::bigint))
         ORDER BY ts_rank_cd(words, q) DESC, created_at DESC, room DESC, seq DESC
         LIMIT $9) AS hit
       ORDER BY hit.rank::real DESC, hit.created_at DESC, hit.room DESC, hit.seq::bigint DESC`,
      [query.text, OPEN_VISIBILITIES, query.access.memberOf, query.room ?? null, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, HEADLINE, query.limit + 1, after?.[3] ?? null],
    );
    return pageOf(
      rows,
      query.limit,
      (r) => ({ messageId: r.message_id, room: r.room, seq: Number(r.seq), senderId: r.sender_id, body: r.body, visibility: r.visibility, createdAt: r.created_at, snippet: r.snippet }),
      (r) => [r.rank, r.created_key, r.room, r.seq],
    );
  }

  async searchEvents(query: EventQuery): Promise<SearchPage<EventDocument>> {
    const after = query.cursor ? decodeSearchCursor(query.cursor, ['string', 'string'] as const) : undefined;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT event_id, name, venue, starts_at, organizer_id::text AS organizer_id, ts_rank_cd(words, q)::text AS rank
       FROM search_events, plainto_tsquery('simple', $1) AS q
       WHERE words @@ q AND ($2::text IS NULL OR (ts_rank_cd(words, q), event_id) < ($2::real, $3::uuid))
       ORDER BY ts_rank_cd(words, q) DESC, event_id DESC LIMIT $4`,
      [query.text, after?.[0] ?? null, after?.[1] ?? null, query.limit + 1],
    );
    return pageOf(rows, query.limit, (r) => ({ eventId: r.event_id, name: r.name, venue: r.venue, startsAt: r.starts_at, organizerId: r.organizer_id }), (r) => [r.rank, r.event_id]);
  }
}

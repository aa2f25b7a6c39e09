import type { Pool } from 'pg';
import type { EventDocument, MessageDocument, RoomVisibility, SearchIndexName, UserDocument } from '../../../domain/search-documents';
import type { SearchSourcesPort, SourceBatch } from '../../../application/ports/search-sources.port';
import type { StoredMessagesPort } from '../../../application/ports/stored-messages.port';

interface MessageRow {
  key: string;
  message_id: string;
  room: string;
  seq: string;
  sender_id: string;
  body: string;
  created_at: Date;
  visibility: RoomVisibility;
}

const MESSAGE_COLUMNS = `m.dedup_key AS key, m.message_id, m.room, m.seq::text AS seq, m.sender_id::text AS sender_id, m.body, m.created_at, r.visibility`;
const toMessage = (r: MessageRow) => ({ key: r.key, messageId: r.message_id, room: r.room, seq: Number(r.seq), senderId: r.sender_id, body: r.body, createdAt: r.created_at, visibility: r.visibility });

function withoutKey(row: MessageRow): MessageDocument {
  const { key: _key, ...document } = toMessage(row);
  return document;
}

/** A batch from rows fetched with limit + 1: `next` is the key of the batch's last row, if more follow. */
function batchOf<R, T>(rows: R[], limit: number, map: (row: R) => T, key: (row: R) => string): SourceBatch<T> {
  const documents = rows.slice(0, limit);
  return { documents: documents.map(map), ...(rows.length > limit ? { next: key(documents[documents.length - 1]) } : {}) };
}

/**
 * The records search is built from, read where their owners keep them in the shared database
 * (auth's users, chat's messages and rooms, ticketing's events): read only, in key order.
 */
export class PgSearchSources implements SearchSourcesPort, StoredMessagesPort {
  constructor(private readonly pool: Pool) {}

  async byKeys(keys: string[]): Promise<(MessageDocument & { key: string })[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.pool.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN rooms r ON r.name = m.room WHERE m.dedup_key = ANY($1::text[])`, [keys]);
    return rows.map(toMessage);
  }

  async count(index: SearchIndexName): Promise<number> {
    // An estimate is enough for a progress bar, and counting a large table takes seconds.
    const { rows } = await this.pool.query<{ n: string }>(`SELECT greatest(reltuples, 0)::bigint::text AS n FROM pg_class WHERE oid = $1::regclass`, [index === 'users' ? 'users' : index === 'messages' ? 'messages' : 'events']);
    return Number(rows[0]?.n ?? 0);
  }

  async users(after: string | undefined, limit: number): Promise<SourceBatch<UserDocument>> {
    const { rows } = await this.pool.query<{ id: string; username: string; email: string; phone: string | null }>(
      `SELECT id::text AS id, username, email, phone FROM users WHERE $1::bigint IS NULL OR id > $1 ORDER BY id LIMIT $2`,
      [after ?? null, limit + 1],
    );
    return batchOf(rows, limit, (r) => ({ userId: r.id, username: r.username, email: r.email, phone: r.phone }), (r) => r.id);
  }

  async messages(after: string | undefined, limit: number): Promise<SourceBatch<MessageDocument>> {
    const [room, seq] = after ? (JSON.parse(after) as [string, string]) : [null, null];
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN rooms r ON r.name = m.room
       WHERE $1::text IS NULL OR (m.room, m.seq) > ($1, $2::bigint) ORDER BY m.room, m.seq LIMIT $3`,
      [room, seq, limit + 1],
    );
    return batchOf(rows, limit, withoutKey, (r) => JSON.stringify([r.room, r.seq]));
  }

  async events(after: string | undefined, limit: number): Promise<SourceBatch<EventDocument>> {
    const { rows } = await this.pool.query<{ id: string; name: string; venue: string; starts_at: Date; organizer_id: string }>(
      `SELECT id, name, venue, starts_at, organizer_id::text AS organizer_id FROM events WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2`,
      [after ?? null, limit + 1],
    );
    return batchOf(rows, limit, (r) => ({ eventId: r.id, name: r.name, venue: r.venue, startsAt: r.starts_at, organizerId: r.organizer_id }), (r) => r.id);
  }
}

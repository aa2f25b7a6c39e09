import type { Pool } from 'pg';
import { z } from 'zod';
import { isUserId } from '#contracts/auth/user-id';
import { uniqueViolation, withTransaction } from '#kernel/pg/pg-pool';
import { ChatError } from '../../../domain/chat.errors';
import type { Room, Visibility } from '../../../domain/room.entity';
import type { RoomPage, RoomRepositoryPort } from '../../../application/ports/room-repository.port';

const Bigint = z.string().regex(/^\d+$/);

const RoomRow = z.object({
  name: z.string(),
  visibility: z.enum(['public', 'private', 'direct', 'event']),
  created_by: Bigint.nullable(),
  last_seq: Bigint.transform(Number).pipe(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)),
  created_at: z.date(),
});

const COLUMNS = 'name, visibility, created_by::text AS created_by, last_seq::text AS last_seq, created_at';

function toRoom(row: unknown): Room {
  const r = RoomRow.parse(row);
  return { name: r.name, visibility: r.visibility, createdBy: r.created_by, lastSeq: r.last_seq, createdAt: r.created_at };
}

function unknownUser(userId?: string): ChatError {
  return new ChatError('USER.NOT_FOUND', userId ? `no user ${userId}` : 'no such user', userId ? { user_id: userId } : undefined);
}

/** SQLSTATE 23503: which foreign key, and the offending value from the server's detail line. */
function foreignKeyViolation(error: unknown): { constraint: string; value?: string } | undefined {
  const e = error as { code?: string; constraint?: string; detail?: string };
  if (e?.code !== '23503') return undefined;
  return { constraint: e.constraint ?? '', value: /\)=\(([^)]*)\)/.exec(e.detail ?? '')?.[1] };
}

/** Maps the constraint failures this repository expects to MessagingErrors; rethrows anything else. */
function translate(error: unknown, room: string): never {
  const unique = uniqueViolation(error);
  if (unique?.constraint === 'rooms_pkey') throw new ChatError('ROOM.ALREADY_EXISTS', `room ${room} already exists`, { room });
  const fk = foreignKeyViolation(error);
  if (fk?.constraint === 'room_members_user_id_fkey' || fk?.constraint === 'rooms_created_by_fkey') throw unknownUser(fk.value);
  if (fk?.constraint === 'room_members_room_fkey' || fk?.constraint === 'read_markers_room_fkey') throw new ChatError('ROOM.NOT_FOUND', `no room ${room}`);
  if ((error as { code?: string })?.code === '23514' && (error as { constraint?: string }).constraint === 'rooms_name_check') {
    throw new ChatError('ROOM.INVALID', 'room names match ^[a-z0-9][a-z0-9_:-]{0,63}$', { room });
  }
  throw error;
}

const ADD_MEMBERS = 'INSERT INTO room_members (room, user_id) SELECT $1, u FROM unnest($2::bigint[]) AS u ON CONFLICT DO NOTHING';

/** Rooms and memberships in PostgreSQL (tables rooms, room_members, read_markers). */
export class PgRoomRepository implements RoomRepositoryPort {
  constructor(private readonly pool: Pool) {}

  async find(name: string): Promise<Room | null> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM rooms WHERE name = $1`, [name]);
    return rows[0] ? toRoom(rows[0]) : null;
  }

  async create(room: { name: string; visibility: Visibility; createdBy: string | null }, members: string[]): Promise<Room> {
    const unknown = [room.createdBy, ...members].find((id) => id !== null && !isUserId(id));
    if (unknown) throw unknownUser(unknown);
    try {
      return await withTransaction(this.pool, async (client) => {
        const { rows } = await client.query(`INSERT INTO rooms (name, visibility, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [
          room.name,
          room.visibility,
          room.createdBy,
        ]);
        await client.query(ADD_MEMBERS, [room.name, [...new Set(members)]]);
        return toRoom(rows[0]);
      });
    } catch (error) {
      translate(error, room.name);
    }
  }

  async ensureDirect(name: string, a: string, b: string): Promise<Room> {
    for (const id of [a, b]) if (!isUserId(id)) throw unknownUser(id);
    // The common case (every direct send is authorised through here) is one read.
    const existing = await this.find(name);
    if (existing) return this.requireDirect(existing);
    try {
      return await withTransaction(this.pool, async (client) => {
        // Concurrent first uses: the loser's INSERT waits for the winner's commit, then does nothing.
        await client.query(`INSERT INTO rooms (name, visibility, created_by) VALUES ($1, 'direct', NULL) ON CONFLICT DO NOTHING`, [name]);
        const { rows } = await client.query(`SELECT ${COLUMNS} FROM rooms WHERE name = $1`, [name]);
        const room = this.requireDirect(toRoom(rows[0]));
        await client.query(ADD_MEMBERS, [name, [a, b]]);
        return room;
      });
    } catch (error) {
      translate(error, name);
    }
  }

  async isMember(room: string, userId: string): Promise<boolean> {
    if (!isUserId(userId)) return false;
    const { rows } = await this.pool.query('SELECT 1 FROM room_members WHERE room = $1 AND user_id = $2', [room, userId]);
    return rows.length > 0;
  }

  async addMember(room: string, userId: string): Promise<void> {
    if (!isUserId(userId)) throw unknownUser(userId);
    try {
      await this.pool.query(ADD_MEMBERS, [room, [userId]]);
    } catch (error) {
      translate(error, room);
    }
  }

  async removeMember(room: string, userId: string): Promise<boolean> {
    if (!isUserId(userId)) return false;
    const { rowCount } = await this.pool.query('DELETE FROM room_members WHERE room = $1 AND user_id = $2', [room, userId]);
    return (rowCount ?? 0) > 0;
  }

  async listMembers(room: string): Promise<string[]> {
    // ORDER BY the bigint column: a bare `user_id` would name the text alias and sort "10" before "9".
    const { rows } = await this.pool.query('SELECT user_id::text AS user_id FROM room_members WHERE room = $1 ORDER BY room_members.user_id', [room]);
    return rows.map((row) => z.object({ user_id: Bigint }).parse(row).user_id);
  }

  async listVisible(userId: string, cursor: string | undefined, limit: number): Promise<RoomPage> {
    // COLLATE "C": byte order, the same as the keyset comparison and as JavaScript's, whatever
    // the database's default collation.
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM rooms r
        WHERE (r.visibility IN ('public', 'event')
               OR EXISTS (SELECT 1 FROM room_members m WHERE m.room = r.name AND m.user_id = $1))
          AND ($2::text IS NULL OR r.name COLLATE "C" > $2::text COLLATE "C")
        ORDER BY r.name COLLATE "C"
        LIMIT $3`,
      [isUserId(userId) ? userId : null, cursor || null, limit + 1],
    );
    const items = rows.slice(0, limit).map(toRoom);
    return rows.length > limit ? { items, nextCursor: items[items.length - 1].name } : { items };
  }

  async saveReadMarker(room: string, userId: string, seq: number): Promise<number> {
    if (!isUserId(userId)) throw unknownUser(userId);
    try {
      const { rows } = await this.pool.query(
        `INSERT INTO read_markers (room, user_id, seq) VALUES ($1, $2, $3)
         ON CONFLICT (room, user_id) DO UPDATE SET seq = GREATEST(read_markers.seq, EXCLUDED.seq), updated_at = now()
         RETURNING seq::text AS seq`,
        [room, userId, seq],
      );
      return Number(z.object({ seq: Bigint }).parse(rows[0]).seq);
    } catch (error) {
      translate(error, room);
    }
  }

  private requireDirect(room: Room): Room {
    if (room.visibility !== 'direct') throw new ChatError('ROOM.INVALID', `room ${room.name} is not a direct-message room`, { room: room.name });
    return room;
  }
}

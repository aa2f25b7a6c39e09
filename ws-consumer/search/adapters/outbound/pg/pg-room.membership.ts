import type { Pool } from 'pg';
import type { RoomMembershipPort } from '../../../application/ports/room-membership.port';

/** Chat's room_members and rooms tables (the core's modules share one database), read at every message search. */
export class PgRoomMembership implements RoomMembershipPort {
  constructor(private readonly pool: Pool) {}

  async closedRoomsOf(userId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ room: string }>(
      `SELECT m.room FROM room_members m JOIN rooms r ON r.name = m.room WHERE m.user_id = $1 AND r.visibility IN ('private', 'direct')`,
      [userId],
    );
    return rows.map((r) => r.room);
  }
}

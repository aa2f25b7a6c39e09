import type { Pool } from 'pg';
import type { FollowEntry } from '../../../domain/post.entity';
import type { FollowRepositoryPort } from '../../../application/ports/follow-repository.port';

interface FollowRow {
  id: string;
  username: string;
  created_at: Date;
  seq: string;
}

const toEntry = (r: FollowRow): FollowEntry => ({ user: { id: r.id, username: r.username }, since: r.created_at, seq: Number(r.seq) });

/** Follows in PostgreSQL (migration feed), with auth's users for the names. */
export class PgFollowRepository implements FollowRepositoryPort {
  constructor(private readonly pool: Pool) {}

  async follow(followerId: string, followeeId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ known: boolean }>(
      `WITH known AS (SELECT 1 FROM users WHERE id = $2), added AS (
         INSERT INTO follows (follower_id, followee_id) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM known) ON CONFLICT DO NOTHING
       ) SELECT EXISTS (SELECT 1 FROM known) AS known`,
      [followerId, followeeId],
    );
    return rows[0].known;
  }

  async unfollow(followerId: string, followeeId: string): Promise<void> {
    await this.pool.query('DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2', [followerId, followeeId]);
  }

  async exists(userId: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM users WHERE id = $1', [userId])).rowCount === 1;
  }

  async followeeIds(userId: string, max: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT followee_id::text AS id FROM follows WHERE follower_id = $1 ORDER BY seq LIMIT $2', [userId, max]);
    return rows.map((r) => r.id);
  }

  followers(userId: string, beforeSeq: number | undefined, limit: number): Promise<FollowEntry[]> {
    return this.list('followee_id', 'follower_id', userId, beforeSeq, limit);
  }

  following(userId: string, beforeSeq: number | undefined, limit: number): Promise<FollowEntry[]> {
    return this.list('follower_id', 'followee_id', userId, beforeSeq, limit);
  }

  /** The users on the `other` side of `userId`'s follows on the `own` side, newest follow first. */
  private async list(own: 'followee_id' | 'follower_id', other: 'followee_id' | 'follower_id', userId: string, beforeSeq: number | undefined, limit: number): Promise<FollowEntry[]> {
    const { rows } = await this.pool.query<FollowRow>(
      `SELECT u.id::text AS id, u.username, f.created_at, f.seq::text AS seq FROM follows f JOIN users u ON u.id = f.${other}
       WHERE f.${own} = $1 AND ($2::bigint IS NULL OR f.seq < $2) ORDER BY f.seq DESC LIMIT $3`,
      [userId, beforeSeq ?? null, limit],
    );
    return rows.map(toEntry);
  }
}

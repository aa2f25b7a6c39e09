import type { Pool } from 'pg';
import type { IncomingPost, Post } from '../../../domain/post.entity';
import type { PostRepositoryPort } from '../../../application/ports/post-repository.port';

interface PostRow {
  id: string;
  feed_seq: string;
  author_id: string;
  username: string;
  body: string;
  image_urls: string[];
  likes_count: number;
  is_liked: boolean;
  created_at: Date;
}

/** The columns of a post as `$1` (the viewer) sees it; `p` is posts, `u` its author. */
const POST_COLUMNS = `p.id, p.feed_seq::text AS feed_seq, p.author_id::text AS author_id, u.username, p.body, p.image_urls, p.likes_count, p.created_at,
  EXISTS (SELECT 1 FROM post_likes l WHERE l.post_id = p.id AND l.user_id = $1) AS is_liked`;

const toPost = (r: PostRow): Post => ({
  id: r.id,
  feedSeq: Number(r.feed_seq),
  author: { id: r.author_id, username: r.username },
  body: r.body,
  imageUrls: r.image_urls,
  likesCount: r.likes_count,
  isLiked: r.is_liked,
  createdAt: r.created_at,
});

/** Posts, likes and the fan-out-on-read feed in PostgreSQL (migration feed). */
export class PgPostRepository implements PostRepositoryPort {
  constructor(private readonly pool: Pool) {}

  async store(posts: IncomingPost[]): Promise<{ stored: Post[]; unknownAuthor: string[] }> {
    if (posts.length === 0) return { stored: [], unknownAuthor: [] };
    // Only posts of existing users; a post already stored (a redelivery) is left as it was.
    await this.pool.query(
      `INSERT INTO posts (id, author_id, body, image_urls, created_at)
       SELECT i.id, i.author_id, i.body, ARRAY(SELECT jsonb_array_elements_text(i.image_urls::jsonb)), i.created_at
       FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS i(id, author_id, body, image_urls, created_at, n)
       WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = i.author_id)
       ORDER BY i.n
       ON CONFLICT (id) DO NOTHING`,
      [posts.map((p) => p.id), posts.map((p) => p.authorId), posts.map((p) => p.body), posts.map((p) => JSON.stringify(p.imageUrls)), posts.map((p) => p.createdAt)],
    );
    // As viewer 0, nobody: a new post's is_liked is false.
    const { rows } = await this.pool.query<PostRow>(`SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = ANY($2::uuid[]) ORDER BY p.feed_seq`, [
      '0',
      posts.map((p) => p.id),
    ]);
    const stored = rows.map(toPost);
    const found = new Set(stored.map((p) => p.id));
    return { stored, unknownAuthor: posts.filter((p) => !found.has(p.id)).map((p) => p.id) };
  }

  async find(id: string, viewerId: string): Promise<Post | undefined> {
    const { rows } = await this.pool.query<PostRow>(`SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $2`, [viewerId, id]);
    return rows[0] ? toPost(rows[0]) : undefined;
  }

  async setLike(postId: string, userId: string, liked: boolean): Promise<boolean> {
    // The count moves only when the like row did: liking twice or unliking a stranger's post changes nothing.
    const change = liked
      ? `WITH changed AS (INSERT INTO post_likes (post_id, user_id) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM posts WHERE id = $1) ON CONFLICT DO NOTHING RETURNING post_id)
         UPDATE posts SET likes_count = likes_count + 1 WHERE id IN (SELECT post_id FROM changed)`
      : `WITH changed AS (DELETE FROM post_likes WHERE post_id = $1 AND user_id = $2 RETURNING post_id)
         UPDATE posts SET likes_count = likes_count - 1 WHERE id IN (SELECT post_id FROM changed)`;
    await this.pool.query(change, [postId, userId]);
    const { rowCount } = await this.pool.query('SELECT 1 FROM posts WHERE id = $1', [postId]);
    return rowCount === 1;
  }

  async since(viewerId: string, afterSeq: number, limit: number): Promise<Post[]> {
    const { rows } = await this.pool.query<PostRow>(
      `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
       WHERE p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1) AND p.feed_seq > $2
       ORDER BY p.feed_seq LIMIT $3`,
      [viewerId, afterSeq, limit],
    );
    return rows.map(toPost);
  }

  async seqExists(seq: number): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM posts WHERE feed_seq = $1', [seq])).rowCount === 1;
  }

  async feed(viewerId: string, beforeSeq: number | undefined, limit: number): Promise<Post[]> {
    const { rows } = await this.pool.query<PostRow>(
      `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
       WHERE p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1) AND ($2::bigint IS NULL OR p.feed_seq < $2)
       ORDER BY p.feed_seq DESC LIMIT $3`,
      [viewerId, beforeSeq ?? null, limit],
    );
    return rows.map(toPost);
  }
}

import type { Logger } from '#kernel/logging/logger';
import { createPgPool } from '#kernel/pg/pg-pool';
import type { ConsumerConfig } from './config';

/**
 * Demo rooms, messages, follows, posts and likes for `make seed`. Fixed ids and dedup keys with
 * ON CONFLICT DO NOTHING make it idempotent; everything runs in one transaction that locks the
 * room rows and numbers messages from rooms.last_seq exactly as the consumer does, so live
 * messages continue at last_seq + 1. Needs the demo users (auth's seedDemoUsers) first.
 */
const MESSAGES_PER_ROOM = 20;
const ROOMS = [
  { name: 'general', visibility: 'public', members: ['alice', 'bob', 'carol', 'admin'] },
  { name: 'team', visibility: 'private', members: ['alice', 'bob'] },
] as const;
const FOLLOWS: readonly [string, string][] = [
  ['alice', 'bob'], ['alice', 'carol'], ['bob', 'alice'], ['bob', 'carol'], ['carol', 'alice'],
];
const POSTS = [
  { n: 1, author: 'alice', body: 'Hello everyone, welcome to the demo feed!', likedBy: ['bob', 'carol'] },
  { n: 2, author: 'bob', body: 'Booked my seat for the demo concert already.', likedBy: ['alice'] },
  { n: 3, author: 'carol', body: 'Anyone up for coffee in #general?', likedBy: ['alice', 'bob'] },
  { n: 4, author: 'alice', body: 'Shipping the new chat client today.', likedBy: ['carol'] },
  { n: 5, author: 'bob', body: 'Reading the team room history, good stuff.', likedBy: [] },
] as const;

/** A fixed uuid per demo row: 00000000-0000-4000-8000-<kind><n>. */
function demoUuid(kind: number, n: number): string {
  return `00000000-0000-4000-8000-${kind.toString().padStart(4, '0')}${n.toString().padStart(8, '0')}`;
}

export async function seedDemoChatAndFeed(config: Pick<ConsumerConfig, 'DATABASE_URL'>, logger: Logger): Promise<void> {
  const pool = createPgPool(config.DATABASE_URL, logger, 2);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; username: string }>(
      "SELECT id::text, username FROM users WHERE username IN ('alice','bob','carol','admin')",
    );
    const id = new Map(rows.map((row) => [row.username, row.id]));
    const user = (name: string): string => {
      const found = id.get(name);
      if (found === undefined) throw new Error(`demo user ${name} is missing: seed the users first`);
      return found;
    };
    const senders = ['alice', 'bob', 'carol'];
    for (const [r, room] of ROOMS.entries()) {
      await client.query(
        'INSERT INTO rooms (name, visibility, created_by) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
        [room.name, room.visibility, user('alice')],
      );
      for (const member of room.members) {
        await client.query('INSERT INTO room_members (room, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [room.name, user(member)]);
      }
      await client.query('SELECT last_seq FROM rooms WHERE name = $1 FOR UPDATE', [room.name]);
      for (let i = 1; i <= MESSAGES_PER_ROOM; i++) {
        const sender = room.name === 'team' ? senders[i % 2] : senders[i % 3];
        const clientMsgId = `demo-seed-${room.name}-${i}`;
        const senderId = user(sender);
        // Numbered from last_seq only when the message is new; a rerun leaves both untouched.
        const inserted = await client.query(
          `WITH next AS (
             UPDATE rooms SET last_seq = last_seq + 1
              WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM messages WHERE dedup_key = $5)
             RETURNING last_seq)
           INSERT INTO messages (room, seq, message_id, sender_id, body, client_msg_id, dedup_key, created_at)
           SELECT $1, next.last_seq, $2, $3, $4, $6, $5, now() - make_interval(mins => $7::int) FROM next
           ON CONFLICT DO NOTHING`,
          [room.name, demoUuid(r + 1, i), senderId, `${room.name} demo message ${i} from ${sender}`, `${senderId}:${clientMsgId}`, clientMsgId, MESSAGES_PER_ROOM - i],
        );
        if (inserted.rowCount === 1) logger.debug({ room: room.name, i }, 'seeded demo message');
      }
      logger.info({ room: room.name }, 'seeded demo room');
    }
    for (const [follower, followee] of FOLLOWS) {
      await client.query('INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [user(follower), user(followee)]);
    }
    for (const post of POSTS) {
      const postId = demoUuid(9, post.n);
      await client.query(
        `INSERT INTO posts (id, author_id, body, created_at) VALUES ($1, $2, $3, now() - make_interval(hours => $4::int))
         ON CONFLICT (id) DO NOTHING`,
        [postId, user(post.author), post.body, POSTS.length - post.n],
      );
      for (const liker of post.likedBy) {
        const liked = await client.query('INSERT INTO post_likes (post_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [postId, user(liker)]);
        if (liked.rowCount === 1) await client.query('UPDATE posts SET likes_count = likes_count + 1 WHERE id = $1', [postId]);
      }
    }
    await client.query('COMMIT');
    logger.info({ rooms: ROOMS.length, posts: POSTS.length, follows: FOLLOWS.length }, 'seeded demo chat and feed');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
    await pool.end();
  }
}

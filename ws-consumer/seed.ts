import type { PoolClient } from 'pg';
import type { Logger } from '#kernel/logging/logger';
import { hashedUuid } from '#kernel/ids/hashed-uuid';
import { createPgPool, withTransaction } from '#kernel/pg/pg-pool';
import { idempotencyKey, messageIdOf } from '#contracts/chat/chat-payloads';
import type { ConsumerConfig } from './config';

const MESSAGES_PER_ROOM = 20;
const ROOMS = [
  { name: 'general', visibility: 'public', members: ['alice', 'bob', 'carol', 'admin'], senders: ['alice', 'bob', 'carol'] },
  { name: 'team', visibility: 'private', members: ['alice', 'bob'], senders: ['alice', 'bob'] },
] as const;
const FOLLOWS: readonly [string, string][] = [
  ['alice', 'bob'], ['alice', 'carol'], ['bob', 'alice'], ['bob', 'carol'], ['carol', 'alice'],
];
const POSTS = [
  { n: 1, author: 'alice', body: 'Hello everyone, welcome to the demo feed!', likedBy: ['bob', 'carol'] },
  { n: 2, author: 'bob', body: 'Booked my seat for the demo night at the Globe already.', likedBy: ['alice'] },
  { n: 3, author: 'carol', body: 'Anyone up for coffee in #general?', likedBy: ['alice', 'bob'] },
  { n: 4, author: 'alice', body: 'Shipping the new chat client today.', likedBy: ['carol'] },
  { n: 5, author: 'bob', body: 'Reading the team room history, good stuff.', likedBy: [] },
] as const;

type Room = (typeof ROOMS)[number];
/** A demo user's id by username. */
type UserId = (username: string) => string;

/**
 * Demo rooms, messages, follows, posts and likes for `make seed`; needs the demo users (auth's
 * seedDemoUsers) first. Fixed keys make it idempotent (ON CONFLICT DO NOTHING; a message is
 * looked up by its dedup_key). It runs in one transaction that numbers messages from
 * rooms.last_seq exactly as the core does, so live messages continue at last_seq + 1.
 */
export async function seedDemoChatAndFeed(config: Pick<ConsumerConfig, 'DATABASE_URL'>, logger: Logger): Promise<void> {
  const pool = createPgPool(config.DATABASE_URL, logger, 2);
  try {
    await withTransaction(pool, async (client) => {
      const user = await demoUsers(client);
      for (const room of ROOMS) await seedRoom(client, room, user, logger);
      await seedFollows(client, user);
      await seedPosts(client, user);
    });
    logger.info({ rooms: ROOMS.length, posts: POSTS.length, follows: FOLLOWS.length }, 'seeded demo chat and feed');
  } finally {
    await pool.end();
  }
}

async function demoUsers(client: PoolClient): Promise<UserId> {
  const { rows } = await client.query<{ id: string; username: string }>(
    "SELECT id::text, username FROM users WHERE username IN ('alice','bob','carol','admin')",
  );
  const ids = new Map(rows.map((row) => [row.username, row.id]));
  return (username) => {
    const id = ids.get(username);
    if (id === undefined) throw new Error(`demo user ${username} is missing: seed the users first`);
    return id;
  };
}

async function seedRoom(client: PoolClient, room: Room, user: UserId, logger: Logger): Promise<void> {
  await client.query('INSERT INTO rooms (name, visibility, created_by) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [room.name, room.visibility, user('alice')]);
  for (const member of room.members) {
    await client.query('INSERT INTO room_members (room, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [room.name, user(member)]);
  }
  for (let i = 1; i <= MESSAGES_PER_ROOM; i++) {
    const sender = room.senders[i % room.senders.length];
    if (await seedMessage(client, room.name, i, sender, user(sender))) logger.debug({ room: room.name, i }, 'seeded demo message');
  }
  logger.info({ room: room.name }, 'seeded demo room');
}

/**
 * Message i of a room, keyed the way the edge keys a send (sender and client_msg_id), so a client
 * that sends the same client_msg_id gets this message back, as a retry would. The room's seq is
 * taken only when the message is new: a rerun leaves last_seq and the message untouched. The
 * UPDATE holds the room row to the commit, so a core storing into the room meanwhile waits and
 * the demo messages are consecutive; no ON CONFLICT, since a conflict after taking a seq would
 * leave a gap: it fails the seed instead.
 */
async function seedMessage(client: PoolClient, room: string, i: number, sender: string, senderId: string): Promise<boolean> {
  const clientMsgId = `demo-seed-${room}-${i}`;
  const key = idempotencyKey(senderId, clientMsgId);
  const inserted = await client.query(
    `WITH next AS (
       UPDATE rooms SET last_seq = last_seq + 1
        WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM messages WHERE dedup_key = $5)
       RETURNING last_seq)
     INSERT INTO messages (room, seq, message_id, sender_id, body, client_msg_id, dedup_key, created_at)
     SELECT $1, next.last_seq, $2, $3, $4, $6, $5, now() - make_interval(mins => $7::int) FROM next`,
    [room, messageIdOf(key), senderId, `${room} demo message ${i} from ${sender}`, key, clientMsgId, MESSAGES_PER_ROOM - i],
  );
  return inserted.rowCount === 1;
}

async function seedFollows(client: PoolClient, user: UserId): Promise<void> {
  for (const [follower, followee] of FOLLOWS) {
    await client.query('INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [user(follower), user(followee)]);
  }
}

/** The posts, oldest first (feed_seq follows), and their likes; likes_count counts only likes that are new. */
async function seedPosts(client: PoolClient, user: UserId): Promise<void> {
  for (const post of POSTS) {
    const postId = hashedUuid(`demo-seed-post-${post.n}`);
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
}

import { z } from 'zod';
import { UserIdSchema } from '#contracts/auth/user-id';

// What the core tells the edges about the feed, and what the edges ask it (core NATS). The core
// stores posts one at a time in stream order, so `seq` (posts.feed_seq) grows in the order the
// edges receive the deliveries: an SSE stream's event id is the seq, and resuming after an id
// asks for the posts with a greater seq.

/** A post as every feed client sees it: the seed's post payload (`description` is the body). */
export const FeedPostSchema = z.object({
  id: z.uuid(),
  description: z.string(),
  created_at: z.iso.datetime(),
  user: z.object({ id: UserIdSchema, username: z.string() }),
  is_liked: z.boolean(),
  image_urls: z.array(z.string()),
  likes_count: z.number().int().min(0),
});
export type FeedPost = z.infer<typeof FeedPostSchema>;

/** `deliver.feed.post`: a stored post, with its feed seq. `is_liked` is false: nobody has liked a new post. */
export const FeedDeliverySchema = z.object({ seq: z.number().int().min(1), post: FeedPostSchema });
export type FeedDelivery = z.infer<typeof FeedDeliverySchema>;

/** `deliver.feed.follow`: `follower_id` now follows (or no longer follows) `followee_id`. */
export const FollowChangeSchema = z.object({ follower_id: UserIdSchema, followee_id: UserIdSchema, following: z.boolean() });
export type FollowChange = z.infer<typeof FollowChangeSchema>;

/** `core.feed.following`: the ids of everyone `user_id` follows (at most FOLLOWING_MAX). */
export const FollowingRequestSchema = z.object({ user_id: UserIdSchema });
export const FollowingReplyShape = { followee_ids: z.array(UserIdSchema) };
export const FOLLOWING_MAX = 10_000;

/**
 * `core.feed.since`: the posts by the people `user_id` follows with a seq above `after_seq`,
 * oldest first, at most `limit`; `reset` (and no posts) when `after_seq` is no post's seq
 * (`unknown`) or more than `limit` such posts were missed (`too_old`): the client reloads the
 * paged feed instead. Replies are `rpcReply(shape)` of the kernel's nats-rpc (`ok: true`, …).
 */
export const PostsSinceRequestSchema = z.object({ user_id: UserIdSchema, after_seq: z.number().int().min(0), limit: z.number().int().min(1).max(1_000) });
export const PostsSinceReplyShape = {
  status: z.enum(['ok', 'reset']),
  reason: z.enum(['unknown', 'too_old']).optional(),
  posts: z.array(FeedDeliverySchema),
};
export const PostsSinceReplySchema = z.object(PostsSinceReplyShape);
export type PostsSinceReply = z.infer<typeof PostsSinceReplySchema>;

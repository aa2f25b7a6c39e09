import type { FollowChange } from '#contracts/feed/feed-api';
import type { LivePost } from '../live-post';
import type { Unfollow } from './delivery-feed.port';

/** What arrives from the core for the feeds: every stored post, and every follow or unfollow. */
export interface PostFeedHandler {
  post(post: LivePost): void;
  followChanged(change: FollowChange): void;
}

/**
 * The core's feed deliveries to every edge: one message per post and one per follow change,
 * whatever the number of followers or follows (the edge fans out to the feeds it holds).
 */
export interface PostFeedPort {
  /** Follows both; resolves once the broker has the interest (a feed must not read its follows before). */
  follow(handler: PostFeedHandler): Promise<Unfollow>;
}

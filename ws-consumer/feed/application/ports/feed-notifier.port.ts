import type { FeedDelivery, FollowChange } from '#contracts/feed/feed-api';

/** Tells every edge what changed in the feed (core NATS; an edge that misses one recovers through Last-Event-ID). */
export interface FeedNotifierPort {
  postsStored(deliveries: FeedDelivery[]): Promise<void>;
  followChanged(change: FollowChange): Promise<void>;
}

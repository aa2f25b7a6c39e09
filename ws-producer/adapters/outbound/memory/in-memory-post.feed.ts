import type { FeedDelivery, FollowChange } from '#contracts/feed/feed-api';
import { livePostOf } from '../../../application/live-post';
import type { PostFeedHandler, PostFeedPort } from '../../../application/ports/post-feed.port';
import type { Unfollow } from '../../../application/ports/delivery-feed.port';

/** The core's feed deliveries in memory: the test plays the core and tells the edge of posts and follow changes. */
export class InMemoryPostFeed implements PostFeedPort {
  private handler: PostFeedHandler | undefined;
  /** While set, following fails like a broker that is away. */
  unavailable = false;

  async follow(handler: PostFeedHandler): Promise<Unfollow> {
    // Followed a turn later, like a subscription the broker confirms.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.unavailable) throw new Error('NATS unavailable');
    this.handler = handler;
    return () => this.handler === handler && (this.handler = undefined);
  }

  get following(): boolean {
    return this.handler !== undefined;
  }

  /** A stored post, told to the edge (only if it follows the feed). */
  post(stored: FeedDelivery): void {
    this.handler?.post(livePostOf(stored));
  }

  followChanged(change: FollowChange): void {
    this.handler?.followChanged(change);
  }
}

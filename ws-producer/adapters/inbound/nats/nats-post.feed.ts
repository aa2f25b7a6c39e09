import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import { guarded } from '#kernel/nats/nats-connection';
import { FeedDeliverySchema, FollowChangeSchema } from '#contracts/feed/feed-api';
import type { FeedNames } from '#contracts/feed/feed-names';
import { livePostOf } from '../../../application/live-post';
import type { PostFeedHandler, PostFeedPort } from '../../../application/ports/post-feed.port';
import type { Unfollow } from '../../../application/ports/delivery-feed.port';

/**
 * The core's feed deliveries on core NATS: `deliver.feed.post` (each stored post once) and
 * `deliver.feed.follow`, two subscriptions per edge whatever it holds. A message that breaks the
 * contract is logged and dropped.
 */
export class NatsPostFeed implements PostFeedPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: FeedNames,
    private readonly logger: Logger,
  ) {}

  async follow(handler: PostFeedHandler): Promise<Unfollow> {
    const { deliverPost, deliverFollow } = this.names;
    const subscriptions: Subscription[] = [
      this.nc.subscribe(deliverPost, { callback: guarded(this.logger, deliverPost, (msg) => handler.post(livePostOf(FeedDeliverySchema.parse(msg.json())))) }),
      this.nc.subscribe(deliverFollow, { callback: guarded(this.logger, deliverFollow, (msg) => handler.followChanged(FollowChangeSchema.parse(msg.json()))) }),
    ];
    const unfollow = () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
    try {
      // The server must have the interest before a feed reads whom its user follows.
      await this.nc.flush();
    } catch (error) {
      unfollow();
      throw error;
    }
    return unfollow;
  }
}

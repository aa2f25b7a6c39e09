import type { NatsConnection } from '@nats-io/transport-node';
import type { FeedNames } from '#contracts/feed/feed-names';
import { FeedDeliverySchema, FollowChangeSchema, type FeedDelivery, type FollowChange } from '#contracts/feed/feed-api';
import type { FeedNotifierPort } from '../../../application/ports/feed-notifier.port';

/**
 * Publishes to every edge on core NATS (`deliver.feed.post`, `deliver.feed.follow`): one message
 * per post whatever its number of followers; each edge fans it out to the streams it holds.
 */
export class NatsFeedNotifier implements FeedNotifierPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: FeedNames,
  ) {}

  async postsStored(deliveries: FeedDelivery[]): Promise<void> {
    for (const delivery of deliveries) this.nc.publish(this.names.deliverPost, JSON.stringify(FeedDeliverySchema.parse(delivery)));
    // Flushed before the stream message is acked: a post is told before the next one is stored.
    await this.nc.flush();
  }

  async followChanged(change: FollowChange): Promise<void> {
    this.nc.publish(this.names.deliverFollow, JSON.stringify(FollowChangeSchema.parse(change)));
  }
}

import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import type { ErrorTranslator } from '#kernel/errors/error-kind';
import { serveNats } from '#kernel/nats/nats-rpc';
import type { FeedNames } from '#contracts/feed/feed-names';
import { FollowingRequestSchema, PostsSinceRequestSchema } from '#contracts/feed/feed-api';
import type { LiveFeedUseCase } from '../../../application/use-cases/live-feed/live-feed.use-case';

/** The feed's request/reply API for edges (shared/contracts/feed/feed-api.ts), served by every core in one queue group. */
export function serveFeedApi(nc: NatsConnection, names: FeedNames, liveFeed: LiveFeedUseCase, translateError: ErrorTranslator, logger: Logger): Subscription[] {
  const common = { queue: names.coreQueue, translateError, logger };
  return [
    serveNats(nc, { ...common, subject: names.coreFollowing, schema: FollowingRequestSchema, handler: async (r) => ({ followee_ids: await liveFeed.following(r.user_id) }) }),
    serveNats(nc, { ...common, subject: names.corePostsSince, schema: PostsSinceRequestSchema, handler: (r) => liveFeed.since(r.user_id, r.after_seq, r.limit) }),
  ];
}

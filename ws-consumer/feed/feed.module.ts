import { feedNames } from '#contracts/feed/feed-names';
import { feedStreams } from '#contracts/feed/feed-streams';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { DeadLetters } from '#kernel/nats/jetstream-consumers';
import type { CoreContext, CoreModule } from '../core-module';
import * as T from './tokens';
import { PgPostRepository } from './adapters/outbound/pg/pg-post.repository';
import { PgFollowRepository } from './adapters/outbound/pg/pg-follow.repository';
import { NatsFeedNotifier } from './adapters/outbound/nats/nats-feed.notifier';
import { serveFeedApi } from './adapters/inbound/nats/nats-feed-api.server';
import { LiveFeedUseCase } from './application/use-cases/live-feed/live-feed.use-case';
import type { Subscription } from '@nats-io/transport-node';
import { JetStreamPostsConsumer } from './adapters/inbound/jetstream/jetstream-posts.consumer';
import { feedRoutes } from './adapters/inbound/http/feed.routes';
import { translateFeedError } from './adapters/inbound/feed-error.translator';
import { StorePostsUseCase } from './application/use-cases/store-posts/store-posts.use-case';

/**
 * The newsfeed in the core: a durable JetStream consumer stores the posts the edges publish to
 * stream FEED, one at a time, and tells every edge of each (deliver.feed.post); the routes serve
 * posts, likes, follows and the paged feed (fan-out on read); the edges ask whom a user follows
 * and what a reconnecting stream missed (core.feed.following, core.feed.since).
 */
export function registerFeed(ctx: CoreContext): CoreModule {
  const { config, nc, logger } = ctx;
  const c = ctx.container;
  c.register(T.POST_REPOSITORY, { useValue: new PgPostRepository(ctx.pool) });
  c.register(T.FOLLOW_REPOSITORY, { useValue: new PgFollowRepository(ctx.pool) });
  const names = feedNames(config.NAME_PREFIX);
  c.register(T.FEED_NOTIFIER, { useValue: new NatsFeedNotifier(nc, names) });
  let requests: Subscription[] = [];
  const consumer = new JetStreamPostsConsumer(
    nc,
    names,
    c.resolve(StorePostsUseCase),
    new DeadLetters(nc, config.NAME_PREFIX, 'feed', logger, ctx.metrics),
    { maxDeliver: config.CONSUMER_MAX_DELIVER, ackWaitSeconds: Math.ceil(config.CONSUMER_ACK_WAIT / 1000) },
    logger,
  );
  return {
    name: 'feed',
    routes: feedRoutes(c),
    translateError: translateFeedError,
    consumers: [{ stream: names.stream, durable: names.postsConsumer }],
    start: async () => {
      await ensureStreams(nc, feedStreams(config.NAME_PREFIX));
      await consumer.start();
      requests = serveFeedApi(nc, names, c.resolve(LiveFeedUseCase), translateFeedError, logger);
    },
    stop: async () => {
      for (const sub of requests) sub.unsubscribe();
      await consumer.stop();
    },
  };
}

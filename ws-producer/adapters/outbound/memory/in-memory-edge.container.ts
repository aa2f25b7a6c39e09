import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { createLogger } from '#kernel/logging/logger';
import * as T from '../../../tokens';
import type { EdgeSettings } from '../../../application/edge-settings';
import { LocalRooms } from '../../../application/local-rooms';
import { LocalSessions } from '../../../application/local-sessions';
import { LocalFeeds } from '../../../application/local-feeds';
import { RepairGapUseCase } from '../../../application/use-cases/repair-gap/repair-gap.use-case';
import { InMemoryDeliveryFeed } from './in-memory-delivery.feed';
import { InMemoryCoreClient } from './in-memory-core.client';
import { InMemoryFeedClient } from './in-memory-feed.client';
import { InMemoryPostFeed } from './in-memory-post.feed';
import { InMemoryMessagePublisher } from './in-memory-message.publisher';
import { InMemoryPostPublisher } from './in-memory-post.publisher';
import { InMemoryTokenVerifier } from './in-memory-token.verifier';
import { InMemoryOutbox } from './in-memory.outbox';
import { InMemoryEdgeStatsCollector } from './in-memory-edge-stats.collector';
import { CountingTelemetry } from './counting.telemetry';

/** The fakes behind an edge use-case test's container, kept so the test can arrange and inspect them. */
export interface InMemoryEdge {
  container: DependencyContainer;
  verifier: InMemoryTokenVerifier;
  publisher: InMemoryMessagePublisher;
  posts: InMemoryPostPublisher;
  core: InMemoryCoreClient;
  feed: InMemoryDeliveryFeed;
  feedCore: InMemoryFeedClient;
  postFeed: InMemoryPostFeed;
  outbox: InMemoryOutbox;
  edges: InMemoryEdgeStatsCollector;
  telemetry: CountingTelemetry;
  settings: EdgeSettings;
}

/** A child container with the edge's ports bound to in-memory fakes (the test counterpart of main.ts). */
export function createInMemoryEdgeContainer(settings: Partial<EdgeSettings> = {}): InMemoryEdge {
  const fakes = {
    verifier: new InMemoryTokenVerifier(),
    publisher: new InMemoryMessagePublisher(),
    posts: new InMemoryPostPublisher(),
    core: new InMemoryCoreClient(),
    feed: new InMemoryDeliveryFeed(),
    feedCore: new InMemoryFeedClient(),
    postFeed: new InMemoryPostFeed(),
    outbox: new InMemoryOutbox(),
    edges: new InMemoryEdgeStatsCollector(),
    telemetry: new CountingTelemetry(),
    settings: { edgeId: 'edge-test', recoveryMax: 500, feedRecoveryMax: 500, ...settings },
  };
  const c = rootContainer.createChildContainer();
  c.register(T.TOKEN_VERIFIER, { useValue: fakes.verifier });
  c.register(T.MESSAGE_PUBLISHER, { useValue: fakes.publisher });
  c.register(T.POST_PUBLISHER, { useValue: fakes.posts });
  c.register(T.CORE_CLIENT, { useValue: fakes.core });
  c.register(T.DELIVERY_FEED, { useValue: fakes.feed });
  c.register(T.FEED_CLIENT, { useValue: fakes.feedCore });
  c.register(T.POST_FEED, { useValue: fakes.postFeed });
  c.register(T.OUTBOX, { useValue: fakes.outbox });
  c.register(T.EDGE_STATS, { useValue: fakes.edges });
  c.register(T.TELEMETRY, { useValue: fakes.telemetry });
  c.register(T.EDGE_SETTINGS, { useValue: fakes.settings });
  c.register(T.LOGGER, { useValue: createLogger('edge-test', 'silent') });
  c.registerSingleton(LocalRooms);
  c.registerSingleton(LocalSessions);
  c.registerSingleton(LocalFeeds);
  c.registerSingleton(RepairGapUseCase);
  return { container: c, ...fakes };
}

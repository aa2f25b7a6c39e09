import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { chatNames } from '#contracts/chat/chat-subjects';
import { chatStreams } from '#contracts/chat/chat-streams';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { ticketingStreams } from '#contracts/ticketing/ticketing-streams';
import { userEventStreams } from '#contracts/auth/user-events';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { DeadLetters } from '#kernel/nats/jetstream-consumers';
import type { CoreContext, CoreModule } from '../core-module';
import * as T from './tokens';
import type { SearchIndexPort } from './application/ports/search-index.port';
import type { SearchIndexName } from './domain/search-documents';
import { ReindexUseCase, type ReindexProgress } from './application/use-cases/reindex/reindex.use-case';
import { PgSearchIndex } from './adapters/outbound/pg/pg-search.index';
import { PgSearchSources } from './adapters/outbound/pg/pg-search.sources';
import { PgRoomMembership } from './adapters/outbound/pg/pg-room.membership';
import { ElasticsearchSearchIndex, createElasticsearchClient } from './adapters/outbound/elasticsearch/elasticsearch-search.index';
import { JetStreamPersistProgress } from './adapters/outbound/nats/jetstream-persist.progress';
import { JetStreamIndexingConsumer, type IndexFeed, type IndexingConsumerOptions } from './adapters/inbound/jetstream/jetstream-indexing.consumer';
import { eventsFeed, messagesFeed, usersFeed } from './adapters/inbound/jetstream/search-feeds';
import { searchRoutes } from './adapters/inbound/http/search.routes';
import { translateSearchError } from './adapters/inbound/search-error.translator';
import { SearchUsersUseCase } from './application/use-cases/search-users/search-users.use-case';
import { SearchMessagesUseCase } from './application/use-cases/search-messages/search-messages.use-case';
import { SearchEventsUseCase } from './application/use-cases/search-events/search-events.use-case';
import { IndexMessagesUseCase } from './application/use-cases/index-documents/index-messages.use-case';
import { IndexUsersUseCase } from './application/use-cases/index-documents/index-users.use-case';
import { IndexEventsUseCase } from './application/use-cases/index-documents/index-events.use-case';

/** The index SEARCH_BACKEND names. */
export function createSearchIndex(ctx: Pick<CoreContext, 'config' | 'pool'>): SearchIndexPort {
  const { config } = ctx;
  if (config.SEARCH_BACKEND === 'elasticsearch') return new ElasticsearchSearchIndex(createElasticsearchClient(config.ELASTICSEARCH_URL as string), config.NAME_PREFIX);
  return new PgSearchIndex(ctx.pool);
}

/** `npm run reindex`: rebuilds the named indexes from PostgreSQL while search goes on; documents written per index. */
export async function reindexSearch(ctx: Pick<CoreContext, 'config' | 'pool'>, names: readonly SearchIndexName[], progress: (name: SearchIndexName) => ReindexProgress): Promise<Record<string, number>> {
  const c = rootContainer.createChildContainer();
  const index = createSearchIndex(ctx);
  c.register(T.SEARCH_INDEX, { useValue: index });
  c.register(T.SEARCH_SOURCES, { useValue: new PgSearchSources(ctx.pool) });
  await index.prepare();
  const written: Record<string, number> = {};
  for (const name of names) written[name] = await c.resolve(ReindexUseCase).run(name, progress(name));
  return written;
}

/** Registers search's ports in the module's container (the reindex command builds the same). */
export function registerSearchPorts(c: DependencyContainer, ctx: Pick<CoreContext, 'config' | 'pool' | 'nc'>): void {
  const sources = new PgSearchSources(ctx.pool);
  c.register(T.SEARCH_INDEX, { useValue: createSearchIndex(ctx) });
  c.register(T.SEARCH_SOURCES, { useValue: sources });
  c.register(T.STORED_MESSAGES, { useValue: sources });
  c.register(T.ROOM_MEMBERSHIP, { useValue: new PgRoomMembership(ctx.pool) });
  c.register(T.PERSIST_PROGRESS, { useValue: new JetStreamPersistProgress(ctx.nc, chatNames(ctx.config.NAME_PREFIX)) });
}

/**
 * Search in the core: three durable JetStream consumers keep the index current (messages chat
 * stored, from CHAT; users, from auth's USERS; events, from TICKETING), and `/v1/search/*`
 * answers from it. SEARCH_INDEXING=false serves searches without indexing (another core does).
 */
export function registerSearch(ctx: CoreContext): CoreModule {
  const { config, nc, logger } = ctx;
  const c = ctx.container;
  registerSearchPorts(c, ctx);
  const index = c.resolve<SearchIndexPort>(T.SEARCH_INDEX);
  const options: IndexingConsumerOptions = { batchMax: config.CONSUMER_BATCH_MAX, maxDeliver: config.CONSUMER_MAX_DELIVER, ackWaitSeconds: Math.ceil(config.CONSUMER_ACK_WAIT / 1000) };
  const deadLetters = new DeadLetters(nc, config.NAME_PREFIX, 'search', logger, ctx.metrics);
  const consume = <T>(feed: IndexFeed<T>) => new JetStreamIndexingConsumer(nc, feed, deadLetters, options, logger, ctx.metrics);
  const consumers = config.SEARCH_INDEXING
    ? [
        consume(messagesFeed(chatNames(config.NAME_PREFIX), c.resolve(IndexMessagesUseCase))),
        consume(usersFeed(config.NAME_PREFIX, c.resolve(IndexUsersUseCase))),
        consume(eventsFeed(ticketingNames(config.NAME_PREFIX), c.resolve(IndexEventsUseCase))),
      ]
    : [];
  return {
    name: 'search',
    routes: searchRoutes({ users: c.resolve(SearchUsersUseCase), messages: c.resolve(SearchMessagesUseCase), events: c.resolve(SearchEventsUseCase) }),
    translateError: translateSearchError,
    consumers: consumers.map(({ feed }) => ({ stream: feed.stream, durable: feed.durable })),
    readiness: () => ({ backend: config.SEARCH_BACKEND, indexing: config.SEARCH_INDEXING, lag: Object.fromEntries(consumers.map((k) => [k.index, k.lag ?? null])) }),
    start: async () => {
      await index.prepare();
      if (consumers.length === 0) return;
      await ensureStreams(nc, [...chatStreams(config.NAME_PREFIX), ...ticketingStreams(config.NAME_PREFIX), ...userEventStreams(config.NAME_PREFIX)]);
      for (const consumer of consumers) await consumer.start();
    },
    stop: async () => {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    },
  };
}

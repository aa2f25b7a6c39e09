import { container as rootContainer } from 'tsyringe';
import { createLogger, type Logger } from '#kernel/logging/logger';
import { createMetricsRegistry } from '#kernel/metrics/metrics-registry';
import { createPgPool } from '#kernel/pg/pg-pool';
import { createRedis } from '#kernel/redis/redis-client';
import { connectNats, drainNats } from '#kernel/nats/nats-connection';
import { requireDependency } from '#kernel/lifecycle/dependencies';
import { withTimeout } from '#kernel/lifecycle/timeout';
import { endpointsOf, type Endpoints } from '#kernel/lifecycle/endpoints';
import { natsReadiness, postgresReadiness, redisReadiness } from '#kernel/lifecycle/readiness-checks';
import { combineTranslators } from '#kernel/errors/error-table';
import { startHttpServer } from '#kernel/http/http-server';
import { followRevocations } from '#contracts/auth/follow-revocations';
import { createTokenVerifier } from '#contracts/auth/token-verifier.config';
import type { Principal } from '#contracts/auth/principal';
import type { ConsumerConfig } from './config';
import type { CoreContext, CoreModule } from './core-module';
import { registerChat } from './chat/chat.module';
import { registerTicketingEvents } from './ticketing-events/ticketing-events.module';
import { registerSearch, reindexSearch } from './search/search.module';
import { registerFeed } from './feed/feed.module';
import { registerOps } from './ops/ops.module';

export interface ConsumerHandle {
  httpPort: number;
  endpoints: Endpoints;
  stop(): Promise<void>;
}

/** The core's modules, in start order (stopped in reverse). A new bounded context adds its registration here. */
const MODULES: ((ctx: CoreContext) => CoreModule)[] = [registerChat, registerTicketingEvents, registerSearch, registerFeed];

/** Starts the core: every module's consumers and subscriptions, and one HTTP server on CONSUMER_HTTP_PORT for their routes. */
export async function startConsumer(config: ConsumerConfig, logger: Logger = createLogger('ws-consumer', config.LOG_LEVEL, config.LOG_FORMAT)): Promise<ConsumerHandle> {
  const pool = createPgPool(config.DATABASE_URL, logger, 20);
  await requireDependency('PostgreSQL', config.DATABASE_URL, () => pool.query('SELECT 1'));
  const redis = createRedis(config.REDIS_URL, logger);
  await requireDependency('Redis', config.REDIS_URL, () => redis.ping());
  const nc = await requireDependency('NATS', config.NATS_URL, () => connectNats(config.NATS_URL, 'ws-consumer', logger));
  const verifier = createTokenVerifier(config);
  const revocations = followRevocations(nc, config.NAME_PREFIX, logger, (notice) => verifier.forget(notice));
  const metrics = createMetricsRegistry('ws-consumer');

  const container = rootContainer.createChildContainer();
  const contextOfModule = (): CoreContext => ({ config, logger, metrics, pool, redis, nc, container: container.createChildContainer() });
  const hosted = MODULES.map((register) => register(contextOfModule()));
  // Ops reports on the others' consumers, so it comes last.
  const modules = [...hosted, registerOps(contextOfModule(), hosted.flatMap((m) => m.consumers))];
  for (const module of modules) await module.start();

  const http = await startHttpServer<Principal>({
    service: 'ws-consumer',
    version: '1.0.0',
    description: `The messaging core, modules ${modules.map((m) => m.name).join(', ')}: rooms, members, history (seq cursors), presence, search, and the newsfeed (posts, likes, follows, the paged feed).`,
    port: config.CONSUMER_HTTP_PORT,
    portVariable: 'CONSUMER_HTTP_PORT',
    logger,
    metrics,
    readiness: [postgresReadiness(pool), redisReadiness(redis), natsReadiness(nc), { name: 'auth', check: () => verifier.ping() }],
    readinessFacts: () => Object.fromEntries(modules.flatMap((m) => (m.readiness ? [[m.name, m.readiness()]] : []))),
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    corsOrigin: config.CORS_ORIGIN,
    publicUrls: config,
    translateError: combineTranslators(...modules.map((m) => m.translateError)),
    authenticate: (token) => verifier.verify(token),
    routes: (router) => modules.forEach((m) => m.routes(router)),
  });
  return {
    httpPort: http.port,
    endpoints: endpointsOf({ http: http.port }),
    stop: async () => {
      revocations.unsubscribe();
      for (const module of [...modules].reverse()) await module.stop();
      await http.close();
      verifier.close();
      await drainNats(nc);
      redis.disconnect();
      await withTimeout(pool.end(), 3_000).catch(() => undefined);
    },
  };
}

/** Rebuilds search indexes (`users`, `messages`, `events`) from PostgreSQL: `npm run reindex`. */
export async function reindex(config: ConsumerConfig, names: readonly ('users' | 'messages' | 'events')[], progress: (name: string) => (done: number, total: number) => void, logger: Logger = createLogger('reindex', config.LOG_LEVEL, config.LOG_FORMAT)): Promise<Record<string, number>> {
  const pool = createPgPool(config.DATABASE_URL, logger, 4);
  try {
    await requireDependency('PostgreSQL', config.DATABASE_URL, () => pool.query('SELECT 1'));
    return await reindexSearch({ config, pool }, names, progress);
  } finally {
    await pool.end();
  }
}

import { container as rootContainer } from 'tsyringe';
import { createLogger, type Logger } from '#kernel/logging/logger';
import { createMetricsRegistry } from '#kernel/metrics/metrics-registry';
import { createPgPool } from '#kernel/pg/pg-pool';
import { createRedis } from '#kernel/redis/redis-client';
import { connectNats, drainNats } from '#kernel/nats/nats-connection';
import { followRevocations } from '#contracts/auth/follow-revocations';
import { requireDependency } from '#kernel/lifecycle/dependencies';
import { withTimeout } from '#kernel/lifecycle/timeout';
import { natsReadiness, postgresReadiness, redisReadiness } from '#kernel/lifecycle/readiness-checks';
import { startHttpServer } from '#kernel/http/http-server';
import { createTokenVerifier } from '#contracts/auth/token-verifier.config';
import { chatNames } from '#contracts/chat/chat-subjects';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { chatStreams } from '#contracts/chat/chat-streams';
import type { ConsumerConfig } from './config';
import * as T from './tokens';
import { PgRoomRepository } from './adapters/outbound/pg/pg-room.repository';
import { PgMessageStore } from './adapters/outbound/pg/pg-message.store';
import { RedisPresence } from './adapters/outbound/redis/redis-presence';
import { NatsDeliveryPublisher } from './adapters/outbound/nats/nats-delivery.publisher';
import { translateMessagingError } from './adapters/inbound/messaging-error-translator';
import { resolveRoomsUseCases, roomsRoutes } from './adapters/inbound/http/rooms.routes';
import { serveCoreRequests } from './adapters/inbound/nats/core-requests';
import { ChatStreamConsumer } from './adapters/inbound/jetstream/chat-stream.consumer';
import { PersistMessagesUseCase } from './application/use-cases/persist-messages/persist-messages.use-case';
import { JoinRoomUseCase } from './application/use-cases/join-room/join-room.use-case';
import { RepairGapUseCase } from './application/use-cases/repair-gap/repair-gap.use-case';
import { AuthorizeSendUseCase } from './application/use-cases/authorize-send/authorize-send.use-case';
import { MarkReadUseCase } from './application/use-cases/mark-read/mark-read.use-case';
import { TrackPresenceUseCase } from './application/use-cases/track-presence/track-presence.use-case';

export interface ConsumerHandle {
  httpPort: number;
  stop(): Promise<void>;
}

/** Starts the messaging core: the CHAT consumer, the edges' request API, and HTTP on CONSUMER_HTTP_PORT. */
export async function startConsumer(config: ConsumerConfig, logger: Logger = createLogger('ws-consumer', config.LOG_LEVEL)): Promise<ConsumerHandle> {
  const pool = createPgPool(config.DATABASE_URL, logger, 20);
  await requireDependency('PostgreSQL', config.DATABASE_URL, () => pool.query('SELECT 1'));
  const redis = createRedis(config.REDIS_URL, logger);
  await requireDependency('Redis', config.REDIS_URL, () => redis.ping());
  const nc = await requireDependency('NATS', config.NATS_URL, () => connectNats(config.NATS_URL, 'ws-consumer', logger));
  const names = chatNames(config.NAME_PREFIX);
  await ensureStreams(nc, chatStreams(config.NAME_PREFIX));
  const verifier = createTokenVerifier(config);

  const revocations = followRevocations(nc, config.NAME_PREFIX, verifier, logger);

  const c = rootContainer.createChildContainer();
  c.register(T.ROOM_REPOSITORY, { useValue: new PgRoomRepository(pool) });
  c.register(T.MESSAGE_STORE, { useValue: new PgMessageStore(pool) });
  c.register(T.PRESENCE, { useValue: new RedisPresence(redis, config.NAME_PREFIX, { leaseMs: config.PRESENCE_TTL }) });
  c.register(T.DELIVERY_PUBLISHER, { useValue: new NatsDeliveryPublisher(nc, names) });

  const metrics = createMetricsRegistry('ws-consumer');
  const requests = serveCoreRequests(
    nc,
    names,
    {
      join: c.resolve(JoinRoomUseCase),
      repairGap: c.resolve(RepairGapUseCase),
      authorize: c.resolve(AuthorizeSendUseCase),
      markRead: c.resolve(MarkReadUseCase),
      presence: c.resolve(TrackPresenceUseCase),
    },
    translateMessagingError,
    logger,
  );
  const consumer = new ChatStreamConsumer(
    nc,
    names,
    c.resolve(PersistMessagesUseCase),
    { batchMax: config.CONSUMER_BATCH_MAX, maxDeliver: config.CONSUMER_MAX_DELIVER, ackWaitSeconds: Math.ceil(config.CONSUMER_ACK_WAIT / 1000) },
    logger,
    metrics,
  );
  await consumer.start();

  const http = await startHttpServer({
    service: 'ws-consumer',
    version: '1.0.0',
    description: 'The messaging core: rooms, members, history (seq cursors) and presence.',
    port: config.CONSUMER_HTTP_PORT,
    logger,
    metrics,
    readiness: [postgresReadiness(pool), redisReadiness(redis), natsReadiness(nc), { name: 'auth', check: () => verifier.ping() }],
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    translateError: translateMessagingError,
    authenticate: (token) => verifier.verify(token),
    routes: roomsRoutes(resolveRoomsUseCases(c)),
  });
  return {
    httpPort: http.port,
    stop: async () => {
      for (const subscription of [...requests, revocations]) subscription.unsubscribe();
      await consumer.stop();
      await http.close();
      verifier.close();
      await drainNats(nc);
      redis.disconnect();
      await withTimeout(pool.end(), 3_000).catch(() => undefined);
    },
  };
}

import type { Subscription } from '@nats-io/transport-node';
import { chatNames } from '#contracts/chat/chat-subjects';
import { chatStreams } from '#contracts/chat/chat-streams';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { ticketingStreams } from '#contracts/ticketing/ticketing-streams';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { DeadLetters } from '#kernel/nats/jetstream-consumers';
import type { CoreContext, CoreModule } from '../core-module';
import * as T from './tokens';
import { PgRoomRepository } from './adapters/outbound/pg/pg-room.repository';
import { PgMessageStore } from './adapters/outbound/pg/pg-message.store';
import { RedisPresenceTracker } from './adapters/outbound/redis/redis-presence.tracker';
import { BestEffortPresenceTracker } from './adapters/outbound/presence/best-effort-presence.tracker';
import { Degradation } from '#kernel/lifecycle/degradation';
import { NatsDeliveryPublisher } from './adapters/outbound/nats/nats-delivery.publisher';
import { translateChatError } from './adapters/inbound/chat-error.translator';
import { resolveRoomsUseCases, roomsRoutes } from './adapters/inbound/http/rooms.routes';
import { serveCoreApi } from './adapters/inbound/nats/nats-core-api.server';
import { JetStreamChatConsumer } from './adapters/inbound/jetstream/jetstream-chat.consumer';
import { JetStreamEventRoomsConsumer } from './adapters/inbound/jetstream/jetstream-event-rooms.consumer';
import { PersistMessagesUseCase } from './application/use-cases/persist-messages/persist-messages.use-case';
import { JoinRoomUseCase } from './application/use-cases/join-room/join-room.use-case';
import { RepairGapUseCase } from './application/use-cases/repair-gap/repair-gap.use-case';
import { AuthorizeSendUseCase } from './application/use-cases/authorize-send/authorize-send.use-case';
import { MarkReadUseCase } from './application/use-cases/mark-read/mark-read.use-case';
import { TrackPresenceUseCase } from './application/use-cases/track-presence/track-presence.use-case';
import { CreateEventRoomUseCase } from './application/use-cases/create-event-room/create-event-room.use-case';

/**
 * Chat in the core: persists stream CHAT to PostgreSQL with per-room seqs and publishes the
 * deliveries (JetStream consumer), makes the room of every event ticketing creates (JetStream
 * consumer on TICKETING), answers the edges' join/history/authorize/read/presence requests
 * (NATS), and serves rooms, members, history and presence (HTTP).
 */
export function registerChat(ctx: CoreContext): CoreModule {
  const { config, pool, redis, nc, logger } = ctx;
  const names = chatNames(config.NAME_PREFIX);
  const c = ctx.container;
  c.register(T.ROOM_REPOSITORY, { useValue: new PgRoomRepository(pool) });
  c.register(T.MESSAGE_STORE, { useValue: new PgMessageStore(pool) });
  const presence = new RedisPresenceTracker(redis, config.NAME_PREFIX, { leaseMs: config.PRESENCE_TTL });
  c.register(T.PRESENCE_TRACKER, { useValue: new BestEffortPresenceTracker(presence, new Degradation(logger, ctx.metrics, 'Redis', 'presence')) });
  c.register(T.DELIVERY_PUBLISHER, { useValue: new NatsDeliveryPublisher(nc, names) });

  const ackWaitSeconds = Math.ceil(config.CONSUMER_ACK_WAIT / 1000);
  const consumer = new JetStreamChatConsumer(
    nc,
    names,
    c.resolve(PersistMessagesUseCase),
    new DeadLetters(nc, config.NAME_PREFIX, 'chat', logger, ctx.metrics),
    { batchMax: config.CONSUMER_BATCH_MAX, maxDeliver: config.CONSUMER_MAX_DELIVER, ackWaitSeconds },
    logger,
    ctx.metrics,
  );
  const eventRooms = new JetStreamEventRoomsConsumer(
    nc,
    ticketingNames(config.NAME_PREFIX),
    c.resolve(CreateEventRoomUseCase),
    new DeadLetters(nc, config.NAME_PREFIX, 'ticketing', logger, ctx.metrics),
    { maxDeliver: config.CONSUMER_MAX_DELIVER, ackWaitSeconds },
    logger,
  );
  let requests: Subscription[] = [];
  return {
    name: 'chat',
    routes: roomsRoutes(resolveRoomsUseCases(c)),
    translateError: translateChatError,
    consumers: [
      { stream: names.chatStream, durable: names.chatConsumer },
      { stream: ticketingNames(config.NAME_PREFIX).stream, durable: ticketingNames(config.NAME_PREFIX).roomsConsumer },
    ],
    start: async () => {
      await ensureStreams(nc, [...chatStreams(config.NAME_PREFIX), ...ticketingStreams(config.NAME_PREFIX)]);
      requests = serveCoreApi(
        nc,
        names,
        {
          join: c.resolve(JoinRoomUseCase),
          repairGap: c.resolve(RepairGapUseCase),
          authorize: c.resolve(AuthorizeSendUseCase),
          markRead: c.resolve(MarkReadUseCase),
          presence: c.resolve(TrackPresenceUseCase),
        },
        translateChatError,
        logger,
      );
      await consumer.start();
      await eventRooms.start();
    },
    stop: async () => {
      for (const subscription of requests) subscription.unsubscribe();
      await eventRooms.stop();
      await consumer.stop();
    },
  };
}

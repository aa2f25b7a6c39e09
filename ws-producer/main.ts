import { randomUUID } from 'node:crypto';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import { createLogger, type Logger } from '#kernel/logging/logger';
import { createMetricsRegistry } from '#kernel/metrics/metrics-registry';
import { connectNats, drainNats } from '#kernel/nats/nats-connection';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { requireDependency } from '#kernel/lifecycle/dependencies';
import { withTimeout } from '#kernel/lifecycle/timeout';
import { endpointsOf, type Endpoints } from '#kernel/lifecycle/endpoints';
import { natsReadiness } from '#kernel/lifecycle/readiness-checks';
import { startHttpServer } from '#kernel/http/http-server';
import { defaultWebDir, siteRoutes } from './adapters/inbound/http/site.routes';
import { loadProto, startGrpcServer } from '#kernel/grpc/grpc-server';
import { createTokenVerifier } from '#contracts/auth/token-verifier.config';
import { chatNames, type ChatNames } from '#contracts/chat/chat-subjects';
import { chatStreams } from '#contracts/chat/chat-streams';
import { feedNames } from '#contracts/feed/feed-names';
import { feedStreams } from '#contracts/feed/feed-streams';
import type { ProducerConfig } from './config';
import * as T from './tokens';
import type { EdgeSettings } from './application/edge-settings';
import { LocalRooms } from './application/local-rooms';
import { LocalSessions } from './application/local-sessions';
import { LocalFeeds } from './application/local-feeds';
import { RepairGapUseCase } from './application/use-cases/repair-gap/repair-gap.use-case';
import { SendMessageUseCase } from './application/use-cases/send-message/send-message.use-case';
import { PublishPostUseCase } from './application/use-cases/publish-post/publish-post.use-case';
import { SignInUseCase } from './application/use-cases/sign-in/sign-in.use-case';
import { JoinRoomUseCase } from './application/use-cases/join-room/join-room.use-case';
import { LeaveRoomUseCase } from './application/use-cases/leave-room/leave-room.use-case';
import { SendTypingUseCase } from './application/use-cases/send-typing/send-typing.use-case';
import { MarkReadUseCase } from './application/use-cases/mark-read/mark-read.use-case';
import { CloseSessionUseCase } from './application/use-cases/close-session/close-session.use-case';
import { NotifyUseCase } from './application/use-cases/notify/notify.use-case';
import { EdgeStatsUseCase } from './application/use-cases/edge-stats/edge-stats.use-case';
import { RevokeSessionsUseCase } from './application/use-cases/revoke-sessions/revoke-sessions.use-case';
import { RemoveFromRoomUseCase } from './application/use-cases/remove-from-room/remove-from-room.use-case';
import { RefreshPresenceUseCase } from './application/use-cases/refresh-presence/refresh-presence.use-case';
import { SubscribeFeedUseCase } from './application/use-cases/subscribe-feed/subscribe-feed.use-case';
import { UnsubscribeFeedUseCase } from './application/use-cases/unsubscribe-feed/unsubscribe-feed.use-case';
import { JetStreamMessagePublisher } from './adapters/outbound/jetstream/jetstream-message.publisher';
import { JetStreamPostPublisher } from './adapters/outbound/jetstream/jetstream-post.publisher';
import { NatsCoreClient } from './adapters/outbound/nats/nats-core.client';
import { NatsFeedClient } from './adapters/outbound/nats/nats-feed.client';
import { NatsOutbox } from './adapters/outbound/nats/nats.outbox';
import { NatsEdgeStatsCollector } from './adapters/outbound/nats/nats-edge-stats.collector';
import { PrometheusEdgeTelemetry } from './adapters/outbound/prometheus/prometheus-edge.telemetry';
import { NatsDeliveryFeed } from './adapters/inbound/nats/nats-delivery.feed';
import { NatsPostFeed } from './adapters/inbound/nats/nats-post.feed';
import { NatsEdgeControlListener } from './adapters/inbound/nats/nats-edge-control.listener';
import { translateEdgeError } from './adapters/inbound/edge-error.translator';
import { messagesRoutes } from './adapters/inbound/http/messages.routes';
import { postsRoutes } from './adapters/inbound/http/posts.routes';
import { adminRoutes } from './adapters/inbound/http/admin.routes';
import { realtimeGrpcHandlers } from './adapters/inbound/grpc/realtime.grpc';
import { WsFrameHandler } from './adapters/inbound/ws/ws-frame.handler';
import { WsGateway } from './adapters/inbound/ws/ws.gateway';
import { SseFeedEndpoint, SSE_RETRY_MS } from './adapters/inbound/sse/sse-feed.routes';

export interface ProducerHandle {
  httpPort: number;
  grpcPort: number;
  endpoints: Endpoints;
  edgeId: string;
  stop(): Promise<void>;
}

/** How often the sessions per room are sampled into the per-room gauge. */
const ROOM_METRICS_MS = 5_000;

/** Counts commands in flight so shutdown can wait for them (a publish awaiting its PubAck). */
function inFlightTracker() {
  let count = 0;
  let idle: (() => void) | undefined;
  return {
    track: <T>(work: Promise<T>): Promise<T> => {
      count++;
      return work.finally(() => {
        count--;
        if (count === 0) idle?.();
      });
    },
    drained: (timeoutMs: number) => withTimeout(count === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve)), timeoutMs).catch(() => undefined),
  };
}

/** The edge's ports and its per-edge singletons; the only place that chooses implementations. */
function createEdgeContainer(config: ProducerConfig, nc: NatsConnection, names: ChatNames, metrics: Registry, logger: Logger): DependencyContainer {
  const c = rootContainer.createChildContainer();
  const settings: EdgeSettings = { edgeId: randomUUID(), recoveryMax: config.WS_RECOVERY_MAX, feedRecoveryMax: config.FEED_RECOVERY_MAX };
  const feed = feedNames(config.NAME_PREFIX);
  c.register(T.EDGE_SETTINGS, { useValue: settings });
  c.register(T.LOGGER, { useValue: logger });
  c.register(T.TOKEN_VERIFIER, { useValue: createTokenVerifier(config) });
  c.register(T.MESSAGE_PUBLISHER, { useValue: new JetStreamMessagePublisher(nc, names) });
  c.register(T.POST_PUBLISHER, { useValue: new JetStreamPostPublisher(nc, feed) });
  c.register(T.FEED_CLIENT, { useValue: new NatsFeedClient(nc, feed) });
  c.register(T.CORE_CLIENT, { useValue: new NatsCoreClient(nc, names, { authorizationTtlMs: config.WS_AUTHORIZATION_TTL }) });
  c.register(T.DELIVERY_FEED, { useValue: new NatsDeliveryFeed(nc, names, logger) });
  // Followed only while this edge holds a live feed (LocalFeeds): one subscription per subject, never one per follow.
  c.register(T.POST_FEED, { useValue: new NatsPostFeed(nc, feed, logger) });
  c.register(T.OUTBOX, { useValue: new NatsOutbox(nc, names) });
  c.register(T.EDGE_STATS, { useValue: new NatsEdgeStatsCollector(nc, names) });
  c.register(T.TELEMETRY, { useValue: new PrometheusEdgeTelemetry(metrics) });
  // State of this edge: one of each per container, whoever asks.
  c.registerSingleton(LocalRooms);
  c.registerSingleton(LocalSessions);
  c.registerSingleton(LocalFeeds);
  c.registerSingleton(RepairGapUseCase);
  return c;
}

/** Starts the edge: HTTP + WebSocket on PRODUCER_HTTP_PORT, gRPC RealtimeService on PRODUCER_GRPC_PORT. */
export async function startProducer(config: ProducerConfig, logger: Logger = createLogger('ws-producer', config.LOG_LEVEL, config.LOG_FORMAT)): Promise<ProducerHandle> {
  const nc = await requireDependency('NATS', config.NATS_URL, () => connectNats(config.NATS_URL, 'ws-producer', logger));
  const names = chatNames(config.NAME_PREFIX);
  await ensureStreams(nc, [...chatStreams(config.NAME_PREFIX), ...feedStreams(config.NAME_PREFIX)]);
  const metrics = createMetricsRegistry('ws-producer');
  const c = createEdgeContainer(config, nc, names, metrics, logger);
  const verifier = c.resolve<ReturnType<typeof createTokenVerifier>>(T.TOKEN_VERIFIER);
  const publisher = c.resolve<JetStreamMessagePublisher>(T.MESSAGE_PUBLISHER);
  const telemetry = c.resolve<PrometheusEdgeTelemetry>(T.TELEMETRY);
  const rooms = c.resolve(LocalRooms);
  const sessions = c.resolve(LocalSessions);
  const sendMessage = c.resolve(SendMessageUseCase);
  const publishPost = c.resolve(PublishPostUseCase);
  const signIn = c.resolve(SignInUseCase);
  const edgeStats = c.resolve(EdgeStatsUseCase);

  const inFlight = inFlightTracker();
  const frames = new WsFrameHandler(
    {
      signIn,
      joinRoom: c.resolve(JoinRoomUseCase),
      leaveRoom: c.resolve(LeaveRoomUseCase),
      sendMessage,
      sendTyping: c.resolve(SendTypingUseCase),
      markRead: c.resolve(MarkReadUseCase),
      subscribeFeed: c.resolve(SubscribeFeedUseCase),
      unsubscribeFeed: c.resolve(UnsubscribeFeedUseCase),
    },
    { heartbeatMs: config.WS_PING_INTERVAL, translateError: translateEdgeError, telemetry, logger, track: inFlight.track },
  );
  const gateway = new WsGateway(
    {
      maxFrameBytes: config.WS_MAX_FRAME_BYTES,
      allowAnonymous: config.WS_ALLOW_ANONYMOUS,
      pingIntervalMs: config.WS_PING_INTERVAL,
      pongTimeoutMs: config.WS_PONG_TIMEOUT,
      authTimeoutMs: config.WS_AUTH_TIMEOUT,
      limits: { maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES, ratePerSec: config.WS_RATE_PER_SEC, burst: config.WS_RATE_PER_SEC * 2 },
    },
    { signIn, closeSession: c.resolve(CloseSessionUseCase) },
    sessions,
    frames,
    telemetry,
    logger,
  );
  const sse = new SseFeedEndpoint(
    { heartbeatMs: config.SSE_HEARTBEAT_INTERVAL, retryMs: SSE_RETRY_MS, maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES },
    { signIn, subscribeFeed: c.resolve(SubscribeFeedUseCase), closeSession: c.resolve(CloseSessionUseCase) },
    sessions,
    telemetry,
  );
  const control = new NatsEdgeControlListener(nc, config.NAME_PREFIX, names, { revokeSessions: c.resolve(RevokeSessionsUseCase), removeFromRoom: c.resolve(RemoveFromRoomUseCase), edgeStats }, logger);
  control.start();
  const refreshPresence = c.resolve(RefreshPresenceUseCase);
  const timers = [
    setInterval(() => refreshPresence.run(), Math.max(1_000, Math.floor(config.WS_PONG_TIMEOUT / 2))),
    setInterval(() => telemetry.rooms(rooms.counts()), ROOM_METRICS_MS),
  ];
  for (const timer of timers) timer.unref();

  const http = await startHttpServer({
    service: 'ws-producer',
    version: '1.0.0',
    description: 'The edge: the WebSocket endpoint ws://host:8081/v1/ws (its frames, codes and guarantees are in docs/protocol.md of the repository), HTTP publish of messages and posts, the live feed as Server-Sent Events, and gRPC RealtimeService on the gRPC port.',
    port: config.PRODUCER_HTTP_PORT,
    portVariable: 'PRODUCER_HTTP_PORT',
    logger,
    metrics,
    readiness: [natsReadiness(nc), { name: 'auth', check: () => verifier.ping() }],
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    corsOrigin: config.CORS_ORIGIN,
    publicUrls: config,
    translateError: translateEdgeError,
    authenticate: (token) => verifier.verify(token),
    routes: (router) => {
      messagesRoutes(sendMessage)(router);
      postsRoutes(publishPost)(router);
      sse.routes(router);
      adminRoutes(edgeStats)(router);
    },
    site: siteRoutes(defaultWebDir(), { auth_url: config.PUBLIC_AUTH_URL, core_url: config.PUBLIC_CORE_URL, ticketing_url: config.PUBLIC_TICKETING_URL }),
  });
  gateway.attach(http.server);
  sse.start();
  const grpc = await startGrpcServer({
    port: config.PRODUCER_GRPC_PORT,
    portVariable: 'PRODUCER_GRPC_PORT',
    logger,
    metrics,
    translateError: translateEdgeError,
    pkg: loadProto('realtime.proto'),
    services: { 'realtime.v1.RealtimeService': realtimeGrpcHandlers(c.resolve(NotifyUseCase), edgeStats) },
  });
  return {
    httpPort: http.port,
    grpcPort: grpc.port,
    endpoints: endpointsOf({ http: http.port, grpc: grpc.port, websocketPath: '/v1/ws' }),
    edgeId: c.resolve<EdgeSettings>(T.EDGE_SETTINGS).edgeId,
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await gateway.shutdown(() => inFlight.drained(10_000));
      // Open streams would hold the HTTP server's close: they end first.
      await sse.shutdown();
      control.stop();
      await Promise.all([http.close(), grpc.close()]);
      verifier.close();
      publisher.close();
      await drainNats(nc);
    },
  };
}

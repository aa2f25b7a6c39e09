import { container as rootContainer } from 'tsyringe';
import { createLogger, type Logger } from '#kernel/logging/logger';
import { createMetricsRegistry } from '#kernel/metrics/metrics-registry';
import { connectNats, drainNats } from '#kernel/nats/nats-connection';
import { requireDependency } from '#kernel/lifecycle/dependencies';
import { withTimeout } from '#kernel/lifecycle/timeout';
import { natsReadiness } from '#kernel/lifecycle/readiness-checks';
import type { ReadinessCheck } from '#kernel/lifecycle/readiness';
import { startHttpServer } from '#kernel/http/http-server';
import { loadProto, startGrpcServer } from '#kernel/grpc/grpc-server';
import { createTokenVerifier } from '#contracts/auth/token-verifier.config';
import { chatNames } from '#contracts/chat/chat-subjects';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { chatStreams } from '#contracts/chat/chat-streams';
import type { ProducerConfig } from './config';
import * as T from './tokens';
import { SendMessageUseCase } from './application/use-cases/send-message/send-message.use-case';
import { JetStreamMessagePublisher } from './adapters/outbound/jetstream/jetstream-message.publisher';
import { NatsCoreClient } from './adapters/outbound/nats/nats-core.client';
import { translateEdgeError } from './adapters/inbound/edge-error-translator';
import { producerRoutes } from './adapters/inbound/http/producer.routes';
import { realtimeGrpcHandlers } from './adapters/inbound/grpc/realtime.grpc';
import { createEdgeMetrics } from './adapters/inbound/ws/edge-metrics';
import { RoomHub } from './adapters/inbound/ws/room-hub';
import { FrameHandler } from './adapters/inbound/ws/frame-handler';
import { WsGateway } from './adapters/inbound/ws/ws-gateway';
import { EdgeBus } from './adapters/inbound/nats/edge-bus';

export interface ProducerHandle {
  httpPort: number;
  grpcPort: number;
  edgeId: string;
  stop(): Promise<void>;
}

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

/** Starts the edge: HTTP + WebSocket on PRODUCER_HTTP_PORT, gRPC RealtimeService on PRODUCER_GRPC_PORT. */
export async function startProducer(config: ProducerConfig, logger: Logger = createLogger('ws-producer', config.LOG_LEVEL)): Promise<ProducerHandle> {
  const nc = await requireDependency('NATS', config.NATS_URL, () => connectNats(config.NATS_URL, 'ws-producer', logger));
  const names = chatNames(config.NAME_PREFIX);
  await ensureStreams(nc, chatStreams(config.NAME_PREFIX));
  const verifier = createTokenVerifier(config);

  const c = rootContainer.createChildContainer();
  c.register(T.TOKEN_VERIFIER, { useValue: verifier });
  const publisher = new JetStreamMessagePublisher(nc, names);
  c.register(T.MESSAGE_PUBLISHER, { useValue: publisher });
  c.register(T.CORE_CLIENT, { useValue: new NatsCoreClient(nc, names) });
  const sendMessage = c.resolve(SendMessageUseCase);
  const core = c.resolve<NatsCoreClient>(T.CORE_CLIENT);

  const metrics = createMetricsRegistry('ws-producer');
  const edgeMetrics = createEdgeMetrics(metrics);
  const hub = new RoomHub(nc, names, core, config.WS_RECOVERY_MAX, { delivered: (type, count) => count > 0 && edgeMetrics.sent.inc({ type }, count) }, logger);
  const inFlight = inFlightTracker();
  const gateway: WsGateway = new WsGateway(
    {
      maxFrameBytes: config.WS_MAX_FRAME_BYTES,
      allowAnonymous: config.WS_ALLOW_ANONYMOUS,
      pingIntervalMs: config.WS_PING_INTERVAL,
      pongTimeoutMs: config.WS_PONG_TIMEOUT,
      authTimeoutMs: config.WS_AUTH_TIMEOUT,
      limits: { maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES, ratePerSec: config.WS_RATE_PER_SEC, burst: config.WS_RATE_PER_SEC * 2 },
    },
    verifier,
    hub,
    () => handler,
    edgeMetrics,
    logger,
  );
  const handler = new FrameHandler({
    hub,
    core,
    verifier,
    sendMessage,
    publishToRoom: (room, type, payload) => bus.toRoom(room, type, payload),
    translateError: translateEdgeError,
    metrics: edgeMetrics,
    logger,
    onAuthenticated: (connection) => gateway.authenticated(connection),
    track: inFlight.track,
  });
  const bus = new EdgeBus(nc, names, config.NAME_PREFIX, gateway, hub, verifier, core, logger);
  bus.start(Math.max(1_000, Math.floor(config.WS_PONG_TIMEOUT / 2)));
  const perRoom = setInterval(() => {
    edgeMetrics.perRoom.reset();
    for (const [room, count] of Object.entries(hub.roomCounts())) edgeMetrics.perRoom.set({ room }, count);
  }, 5_000);
  perRoom.unref();

  const readiness: ReadinessCheck[] = [natsReadiness(nc), { name: 'auth', check: () => verifier.ping() }];
  const http = await startHttpServer({
    service: 'ws-producer',
    version: '1.0.0',
    description: 'The edge: WebSocket endpoint ws://host:8081/v1/ws (see SPEC §3 for frames), HTTP publish, and gRPC RealtimeService on the gRPC port.',
    port: config.PRODUCER_HTTP_PORT,
    logger,
    metrics,
    readiness,
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    translateError: translateEdgeError,
    authenticate: (token) => verifier.verify(token),
    routes: producerRoutes(sendMessage),
  });
  gateway.attach(http.server);
  const grpc = await startGrpcServer({
    port: config.PRODUCER_GRPC_PORT,
    logger,
    metrics,
    translateError: translateEdgeError,
    pkg: loadProto('realtime.proto'),
    services: { 'realtime.v1.RealtimeService': realtimeGrpcHandlers(bus) },
  });
  return {
    httpPort: http.port,
    grpcPort: grpc.port,
    edgeId: bus.edgeId,
    stop: async () => {
      clearInterval(perRoom);
      await gateway.shutdown(() => inFlight.drained(10_000));
      bus.stop();
      await Promise.all([http.close(), grpc.close()]);
      verifier.close();
      publisher.close();
      await drainNats(nc);
    },
  };
}

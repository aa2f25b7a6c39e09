import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import { createLogger, type Logger } from '#kernel/logging/logger';
import { createMetricsRegistry } from '#kernel/metrics/metrics-registry';
import { createPgPool } from '#kernel/pg/pg-pool';
import { createRedis } from '#kernel/redis/redis-client';
import { connectNats, drainNats } from '#kernel/nats/nats-connection';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { requireDependency } from '#kernel/lifecycle/dependencies';
import { withTimeout } from '#kernel/lifecycle/timeout';
import { Wakeup } from '#kernel/lifecycle/wakeup';
import { endpointsOf, type Endpoints } from '#kernel/lifecycle/endpoints';
import { natsReadiness, postgresReadiness, redisReadiness } from '#kernel/lifecycle/readiness-checks';
import { startHttpServer } from '#kernel/http/http-server';
import { followRevocations } from '#contracts/auth/follow-revocations';
import { createTokenVerifier } from '#contracts/auth/token-verifier.config';
import type { Principal } from '#contracts/auth/principal';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { ticketingStreams } from '#contracts/ticketing/ticketing-streams';
import { ticketingSettings, type TicketingConfig } from './config';
import * as T from './tokens';
import { ProcessBookingUseCase } from './application/use-cases/process-booking/process-booking.use-case';
import { MaintenanceUseCase } from './application/use-cases/maintenance/maintenance.use-case';
import { RelayOutboxUseCase } from './application/use-cases/relay-outbox/relay-outbox.use-case';
import { RelaySeatChangesUseCase } from './application/use-cases/relay-seat-changes/relay-seat-changes.use-case';
import { QueueDepthUseCase } from './application/use-cases/queue-depth/queue-depth.use-case';
import { PgEventRepository } from './adapters/outbound/pg/pg-event.repository';
import { PgBookingRepository } from './adapters/outbound/pg/pg-booking.repository';
import { PgWaitlistRepository } from './adapters/outbound/pg/pg-waitlist.repository';
import { PgOutbox } from './adapters/outbound/pg/pg-outbox';
import { RedisSeatMap } from './adapters/outbound/redis/redis-seat.map';
import { RedisSeatChangeFeed } from './adapters/outbound/redis/redis-seat-change.feed';
import { JetStreamEventPublisher } from './adapters/outbound/nats/jetstream-event.publisher';
import { BullMqBookingQueue } from './adapters/outbound/bullmq/bullmq-booking.queue';
import { SimulatedPaymentGateway } from './adapters/outbound/payments/simulated-payment.gateway';
import { PrometheusTicketingTelemetry } from './adapters/outbound/prometheus/prometheus-ticketing.telemetry';
import { SystemClock } from './adapters/outbound/clock/system.clock';
import { translateTicketingError } from './adapters/inbound/ticketing-error.translator';
import { resolveTicketingUseCases, ticketingRoutes } from './adapters/inbound/http/ticketing.routes';
import { adminRoutes } from './adapters/inbound/http/admin.routes';
import { BullMqBookingWorker } from './adapters/inbound/bullmq/bullmq-booking.worker';
import { BullMqMaintenanceScheduler } from './adapters/inbound/bullmq/bullmq-maintenance.scheduler';
import { OutboxRelayLoop } from './adapters/inbound/relay/outbox-relay.loop';

export interface TicketingHandle {
  httpPort: number;
  endpoints: Endpoints;
  /** The simulated gateway (tests count its charges); undefined with a real one. */
  paymentGateway: SimulatedPaymentGateway;
  stop(): Promise<void>;
}

interface TicketingInfrastructure {
  pool: Pool;
  redis: Redis;
  /** BullMQ workers block on their connection, so they get one that never gives up on a command. */
  workerRedis: Redis;
  nc: NatsConnection;
  metrics: Registry;
}

async function connectInfrastructure(config: TicketingConfig, logger: Logger): Promise<TicketingInfrastructure> {
  const pool = createPgPool(config.DATABASE_URL, logger, 20);
  await requireDependency('PostgreSQL', config.DATABASE_URL, () => pool.query('SELECT 1'));
  const redis = createRedis(config.REDIS_URL, logger);
  await requireDependency('Redis', config.REDIS_URL, () => redis.ping());
  const nc = await requireDependency('NATS', config.NATS_URL, () => connectNats(config.NATS_URL, 'ticketing', logger));
  await ensureStreams(nc, ticketingStreams(config.NAME_PREFIX));
  const workerRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  workerRedis.on('error', () => undefined);
  return { pool, redis, workerRedis, nc, metrics: createMetricsRegistry('ticketing') };
}

/** Registers ticketing's adapters; the only place that chooses implementations. */
function createTicketingContainer(config: TicketingConfig, infra: TicketingInfrastructure, queue: BullMqBookingQueue, gateway: SimulatedPaymentGateway): DependencyContainer {
  const c = rootContainer.createChildContainer();
  const prefix = config.NAME_PREFIX;
  // The repositories ring the outbox relay after each commit that wrote events.
  const committed = new Wakeup();
  const outbox = new PgOutbox(infra.pool, committed);
  c.register(T.SETTINGS, { useValue: ticketingSettings(config) });
  c.register(T.CLOCK, { useValue: new SystemClock() });
  c.register(T.EVENT_REPOSITORY, { useValue: new PgEventRepository(infra.pool, prefix, committed) });
  c.register(T.BOOKING_REPOSITORY, { useValue: new PgBookingRepository(infra.pool, prefix, committed) });
  c.register(T.WAITLIST_REPOSITORY, { useValue: new PgWaitlistRepository(infra.pool, prefix, committed) });
  c.register(T.OUTBOX, { useValue: outbox });
  // The seat map rings the change feed's relay after each change it makes.
  const seatChanges = new Wakeup();
  c.register(T.SEAT_MAP, { useValue: new RedisSeatMap(infra.redis, prefix, seatChanges) });
  c.register(T.SEAT_CHANGE_FEED, { useValue: new RedisSeatChangeFeed(infra.redis, prefix, seatChanges) });
  c.register(T.EVENT_PUBLISHER, { useValue: new JetStreamEventPublisher(infra.nc, ticketingNames(prefix)) });
  c.register(T.BOOKING_QUEUE, { useValue: queue });
  c.register(T.PAYMENT_GATEWAY, { useValue: gateway });
  c.register(T.TELEMETRY, { useValue: new PrometheusTicketingTelemetry(infra.metrics, { queueDepth: () => queue.depth(), outboxLagSeconds: () => outbox.lagSeconds() }) });
  return c;
}

/** Starts ticketing: its HTTP API on TICKETING_HTTP_PORT, the relays, and (BOOKING_WORKER) the booking worker and maintenance jobs. */
export async function startTicketing(config: TicketingConfig, logger: Logger = createLogger('ticketing', config.LOG_LEVEL, config.LOG_FORMAT)): Promise<TicketingHandle> {
  const infra = await connectInfrastructure(config, logger);
  const names = ticketingNames(config.NAME_PREFIX);
  const verifier = createTokenVerifier(config);
  const revocations = followRevocations(infra.nc, config.NAME_PREFIX, logger, (notice) => verifier.forget(notice));
  const queue = new BullMqBookingQueue(infra.redis, names.bookingQueue, config.NAME_PREFIX);
  const gateway = new SimulatedPaymentGateway(config.PAYMENT_GATEWAY_LATENCY);
  const c = createTicketingContainer(config, infra, queue, gateway);

  const relay = new OutboxRelayLoop(c.resolve(RelayOutboxUseCase), c.resolve(RelaySeatChangesUseCase), logger);
  relay.start();
  const worker = new BullMqBookingWorker(infra.workerRedis, names.bookingQueue, c.resolve(ProcessBookingUseCase), { concurrency: config.BOOKING_WORKER_CONCURRENCY }, logger);
  const scheduler = new BullMqMaintenanceScheduler(infra.redis, infra.workerRedis, names.maintenanceQueue, c.resolve(MaintenanceUseCase), config.TICKETING_SWEEP_INTERVAL, logger);
  if (config.BOOKING_WORKER) {
    worker.start();
    await scheduler.start();
  }

  const http = await startHttpServer<Principal>({
    service: 'ticketing',
    version: '1.0.0',
    description:
      'Events and seat maps, seat holds (all or none, in Redis), bookings through a queue, payments and a waiting list. Seat-map changes reach room event:<id> as ticket:availability; booking and payment progress reaches the buyer as booking:* and payment:* frames.',
    port: config.TICKETING_HTTP_PORT,
    portVariable: 'TICKETING_HTTP_PORT',
    logger,
    metrics: infra.metrics,
    readiness: [postgresReadiness(infra.pool), redisReadiness(infra.redis), natsReadiness(infra.nc), { name: 'auth', check: () => verifier.ping() }],
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    corsOrigin: config.CORS_ORIGIN,
    publicUrls: config,
    translateError: translateTicketingError,
    authenticate: (token) => verifier.verify(token),
    routes: (router) => {
      ticketingRoutes(resolveTicketingUseCases(c))(router);
      adminRoutes(c.resolve(QueueDepthUseCase))(router);
    },
  });
  return {
    httpPort: http.port,
    endpoints: endpointsOf({ http: http.port }),
    paymentGateway: gateway,
    stop: async () => {
      await http.close();
      revocations.unsubscribe();
      await Promise.all([worker.stop(), scheduler.stop()]);
      await relay.stop();
      await queue.close();
      verifier.close();
      // A dependency that is down must not hold shutdown hostage.
      await drainNats(infra.nc);
      infra.redis.disconnect();
      infra.workerRedis.disconnect();
      await withTimeout(infra.pool.end(), 3_000).catch(() => undefined);
    },
  };
}

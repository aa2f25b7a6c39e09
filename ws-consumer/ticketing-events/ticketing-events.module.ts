import { chatNames } from '#contracts/chat/chat-subjects';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { ticketingStreams } from '#contracts/ticketing/ticketing-streams';
import { deadLetterStream, ensureStreams } from '#kernel/nats/jetstream-streams';
import { DeadLetters } from '#kernel/nats/jetstream-consumers';
import { Degradation } from '#kernel/lifecycle/degradation';
import type { CoreContext, CoreModule } from '../core-module';
import * as T from './tokens';
import { AVAILABILITY_WINDOW_MS } from './domain/availability-windows';
import { NatsFramePublisher } from './adapters/outbound/nats/nats-frame.publisher';
import { RedisAvailabilityGate } from './adapters/outbound/redis/redis-availability.gate';
import { BestEffortAvailabilityGate } from './adapters/outbound/availability/best-effort-availability.gate';
import { PrometheusFrameTelemetry } from './adapters/outbound/prometheus/prometheus-frame.telemetry';
import { JetStreamTicketingFramesConsumer, type TicketingFramesConsumerOptions } from './adapters/inbound/jetstream/jetstream-ticketing-frames.consumer';
import { AvailabilityCoalescer } from './application/availability-coalescer';
import { RouteTicketingEventUseCase } from './application/use-cases/route-ticketing-event/route-ticketing-event.use-case';

/** Messages a core routes per fetch, and so the most that are out (unacknowledged) across all cores. */
const FRAMES_BATCH = 256;
/** About how often a standing-by core asks whether the routing core has let go. */
const STANDBY_MS = 1_000;

/**
 * Ticketing's events in the core: a durable JetStream consumer on TICKETING routes each one as
 * the frame the edges write to sockets (booking, payment and waitlist frames to the user's
 * sockets, in stream order; seat changes coalesced into the event room's ticket:availability).
 * No routes: the events and their seats are ticketing's HTTP API.
 */
export function registerTicketingEvents(ctx: CoreContext, overrides: Partial<TicketingFramesConsumerOptions> = {}): CoreModule {
  const { config, nc, redis, logger } = ctx;
  const c = ctx.container;
  c.register(T.LOGGER, { useValue: logger });
  c.register(T.FRAME_PUBLISHER, { useValue: new NatsFramePublisher(nc, chatNames(config.NAME_PREFIX)) });
  const gate = new RedisAvailabilityGate(redis, config.NAME_PREFIX);
  // Patience of one window: a gate that answers later than that has missed the window anyway.
  c.register(T.AVAILABILITY_GATE, { useValue: new BestEffortAvailabilityGate(gate, new Degradation(logger, ctx.metrics, 'Redis', 'availability gate', AVAILABILITY_WINDOW_MS)) });
  c.register(T.FRAME_TELEMETRY, { useValue: new PrometheusFrameTelemetry(ctx.metrics) });
  c.registerSingleton(AvailabilityCoalescer);

  const consumer = new JetStreamTicketingFramesConsumer(
    nc,
    ticketingNames(config.NAME_PREFIX),
    c.resolve(RouteTicketingEventUseCase),
    new DeadLetters(nc, config.NAME_PREFIX, 'ticketing', logger, ctx.metrics),
    { batch: FRAMES_BATCH, maxDeliver: config.CONSUMER_MAX_DELIVER, ackWaitSeconds: Math.ceil(config.CONSUMER_ACK_WAIT / 1000), standbyMs: STANDBY_MS, ...overrides },
    logger,
    ctx.metrics,
  );
  return {
    name: 'ticketing-events',
    routes: () => undefined,
    translateError: () => undefined,
    consumers: [{ stream: ticketingNames(config.NAME_PREFIX).stream, durable: ticketingNames(config.NAME_PREFIX).framesConsumer }],
    start: async () => {
      await ensureStreams(nc, [...ticketingStreams(config.NAME_PREFIX), deadLetterStream(config.NAME_PREFIX)]);
      await consumer.start();
    },
    stop: async () => {
      await consumer.stop();
      // After the consumer: what it routed last is in the windows.
      await c.resolve(AvailabilityCoalescer).drain();
    },
  };
}

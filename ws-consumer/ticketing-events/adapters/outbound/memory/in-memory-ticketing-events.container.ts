import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { createLogger } from '#kernel/logging/logger';
import * as T from '../../../tokens';
import { AvailabilityCoalescer } from '../../../application/availability-coalescer';
import { InMemoryFramePublisher } from './in-memory-frame.publisher';
import { InMemoryAvailabilityGate } from './in-memory-availability.gate';
import { CountingFrameTelemetry } from './counting-frame.telemetry';

/** The fakes behind a unit test's container, kept so the test can arrange and inspect them. */
export interface InMemoryTicketingEvents {
  container: DependencyContainer;
  frames: InMemoryFramePublisher;
  gate: InMemoryAvailabilityGate;
  telemetry: CountingFrameTelemetry;
}

/** A child container with the module's ports bound to in-memory fakes (the test counterpart of ticketing-events.module.ts). */
export function createInMemoryTicketingEventsContainer(): InMemoryTicketingEvents {
  const fakes = { frames: new InMemoryFramePublisher(), gate: new InMemoryAvailabilityGate(), telemetry: new CountingFrameTelemetry() };
  const c = rootContainer.createChildContainer();
  c.register(T.FRAME_PUBLISHER, { useValue: fakes.frames });
  c.register(T.AVAILABILITY_GATE, { useValue: fakes.gate });
  c.register(T.FRAME_TELEMETRY, { useValue: fakes.telemetry });
  c.register(T.LOGGER, { useValue: createLogger('test', 'silent') });
  c.registerSingleton(AvailabilityCoalescer);
  return { container: c, ...fakes };
}

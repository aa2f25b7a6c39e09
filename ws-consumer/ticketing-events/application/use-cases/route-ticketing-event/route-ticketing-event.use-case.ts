import { inject, injectable } from 'tsyringe';
import { ticketingFrame, type TicketingEvent } from '#contracts/ticketing/ticketing-events';
import type { FramePublisherPort } from '../../ports/frame-publisher.port';
import type { FrameTelemetryPort } from '../../ports/frame-telemetry.port';
import { AvailabilityCoalescer } from '../../availability-coalescer';
import { FRAME_PUBLISHER, FRAME_TELEMETRY } from '../../../tokens';

/**
 * Turns one ticketing event (TicketingEventSchema, checked where it enters) into its frame:
 * booking, payment and waitlist frames to the user's sockets at once, seat changes into the
 * event room's coalesced ticket:availability. event.created is no frame (chat makes the room).
 */
@injectable()
export class RouteTicketingEventUseCase {
  constructor(
    @inject(FRAME_PUBLISHER) private readonly frames: FramePublisherPort,
    @inject(FRAME_TELEMETRY) private readonly telemetry: FrameTelemetryPort,
    private readonly availability: AvailabilityCoalescer,
  ) {}

  /**
   * Synchronous on purpose: when it returns, a user's frame is on the wire ahead of every later
   * one, which is what lets the consumer ack after a batch and keep each user's frames in order.
   */
  run(event: TicketingEvent): void {
    if (event.type === 'seats.changed') return this.availability.add(event);
    const frame = ticketingFrame(event);
    if (!frame) return;
    this.frames.publish(frame);
    this.telemetry.sent(frame.type);
  }
}

import { inject, injectable } from 'tsyringe';
import type { Logger } from '#kernel/logging/logger';
import { ticketingFrame, type SeatStatus, type TicketingEvent, type TicketingFrame } from '#contracts/ticketing/ticketing-events';
import { AVAILABILITY_WINDOW_MS, AvailabilityWindows, type CoalescedAvailability } from '../domain/availability-windows';
import type { AvailabilityGatePort, GateAnswer } from './ports/availability-gate.port';
import type { FramePublisherPort } from './ports/frame-publisher.port';
import type { FrameTelemetryPort } from './ports/frame-telemetry.port';
import { AVAILABILITY_GATE, FRAME_PUBLISHER, FRAME_TELEMETRY, LOGGER } from '../tokens';

export type SeatsChangedEvent = Extract<TicketingEvent, { type: 'seats.changed' }>;

const OPEN: GateAnswer = { taken: true };
/** How long stop() waits for open windows to go out the usual way (their window, then a gate another core holds). */
const DRAIN_MS = 2 * AVAILABILITY_WINDOW_MS;
const DRAIN_POLL_MS = 10;

/**
 * ticket:availability frames, at most one per event per AVAILABILITY_WINDOW_MS: in this process
 * by the domain's windows, across every core by the gate a window must take before it is sent (a
 * core that finds the gate taken keeps gathering and asks again when it opens). The first change
 * of a quiet event goes out as soon as the gate answers, with whatever arrived meanwhile; later
 * ones at the end of their window. One per core (a singleton of the module's container).
 */
@injectable()
export class AvailabilityCoalescer {
  private readonly windows = new AvailabilityWindows<SeatStatus>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(
    @inject(AVAILABILITY_GATE) private readonly gate: AvailabilityGatePort,
    @inject(FRAME_PUBLISHER) private readonly frames: FramePublisherPort,
    @inject(FRAME_TELEMETRY) private readonly telemetry: FrameTelemetryPort,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  add(event: SeatsChangedEvent): void {
    this.windows.add({ eventId: event.event_id, available: event.available, seats: event.seats }, Date.now());
    this.schedule();
  }

  /** Sends every open window: the usual way while that takes at most DRAIN_MS, then at once. */
  async drain(): Promise<void> {
    const deadline = Date.now() + DRAIN_MS;
    while (this.windows.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    clearTimeout(this.timer);
    for (const window of this.windows.sendAll(Date.now())) this.send(window);
  }

  /** One timer, for the window due first (a due one on the next turn, so changes arriving together go out together). */
  private schedule(): void {
    const at = this.windows.nextDueAt();
    if (at === undefined || at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.flush(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  private flush(): void {
    this.timerAt = Infinity;
    for (const eventId of this.windows.claimDue(Date.now())) void this.decide(eventId);
    this.schedule();
  }

  private async decide(eventId: string): Promise<void> {
    const answer = await this.gate.take(eventId, AVAILABILITY_WINDOW_MS).catch((error: unknown) => {
      // Not an outage (the gate falls back on its own then): a bug. This core's window still holds.
      this.logger.error({ err: error, eventId }, 'availability gate failed; sending on the local window');
      return OPEN;
    });
    if (answer.taken) this.send(this.windows.send(eventId, Date.now()));
    else this.windows.defer(eventId, Date.now() + answer.reopensInMs);
    this.schedule();
  }

  private send(window: CoalescedAvailability<SeatStatus> | undefined): void {
    if (!window) return;
    const frame = ticketingFrame({ type: 'seats.changed', event_id: window.eventId, available: window.available, seats: window.seats }) as TicketingFrame;
    this.frames.publish(frame);
    this.telemetry.sent(frame.type);
    this.telemetry.coalesced(window.changes);
  }
}

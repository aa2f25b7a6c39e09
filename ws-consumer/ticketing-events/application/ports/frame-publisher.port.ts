import type { TicketingFrame } from '#contracts/ticketing/ticketing-events';

/** Frames to the edges that hold a user's sockets or an event room's sockets (core NATS in production). */
export interface FramePublisherPort {
  /**
   * Sends one plain, unsequenced frame `{type, payload}` to every socket of its target user, or
   * every socket joined to its target room. Frames leave in call order: when this returns, the
   * frame is ahead of everything sent after it.
   */
  publish(frame: TicketingFrame): void;
}

import type { FrameTarget, TicketingFrame } from '#contracts/ticketing/ticketing-events';
import type { FramePublisherPort } from '../../../application/ports/frame-publisher.port';

/** Records the frames sent, in order, as copies (what is on the wire cannot change afterwards). Passes the contract suite NatsFramePublisher passes. */
export class InMemoryFramePublisher implements FramePublisherPort {
  readonly frames: TicketingFrame[] = [];

  publish(frame: TicketingFrame): void {
    this.frames.push(structuredClone(frame));
  }

  /** The frames sent to a user's sockets, `{type, payload}`, in order. */
  toUser(userId: string): { type: string; payload: Record<string, unknown> }[] {
    return this.sentTo((target) => 'user' in target && target.user === userId);
  }

  /** The frames sent to a room, `{type, payload}`, in order. */
  toRoom(room: string): { type: string; payload: Record<string, unknown> }[] {
    return this.sentTo((target) => 'room' in target && target.room === room);
  }

  private sentTo(matches: (target: FrameTarget) => boolean): { type: string; payload: Record<string, unknown> }[] {
    return this.frames.filter((frame) => matches(frame.target)).map(({ type, payload }) => ({ type, payload }));
  }
}

import type { NatsConnection } from '@nats-io/transport-node';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { TicketingFrame } from '#contracts/ticketing/ticketing-events';
import type { FramePublisherPort } from '../../../application/ports/frame-publisher.port';

/**
 * Core NATS to the edges, on chat's delivery subjects: `deliver.user.<id>` and
 * `deliver.room.<room>`, one plain frame a message without the Rt-Seq header, which an edge
 * writes as it is to every socket of the user or of the room. A publish is a write to this
 * connection's buffer: publishes leave, and reach each edge, in call order. Ids in the frame's
 * target come from TicketingEventSchema, which checked them (user ids, event UUIDs).
 */
export class NatsFramePublisher implements FramePublisherPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
  ) {}

  publish(frame: TicketingFrame): void {
    const subject = 'user' in frame.target ? this.names.deliverUser(frame.target.user) : this.names.deliverRoom(frame.target.room);
    this.nc.publish(subject, JSON.stringify({ type: frame.type, payload: frame.payload }));
  }
}

import type { StoredMessage } from '../../../domain/message.entity';
import type { DeliveryPublisherPort } from '../../../application/ports/delivery-publisher.port';

export type DeliveryCall =
  | { method: 'messages'; messages: StoredMessage[] }
  | { method: 'toRoom'; room: string; type: string; payload: object }
  | { method: 'roomRemoved'; room: string; userId: string };

/**
 * Records what would have been sent to the edges, in order, for use-case tests to inspect. Records
 * copies: what was sent cannot change when the caller later changes its objects (as with NATS,
 * where it is on the wire). Passes the same contract suite as NatsDeliveryPublisher.
 */
export class InMemoryDeliveryPublisher implements DeliveryPublisherPort {
  readonly calls: DeliveryCall[] = [];

  async messages(messages: StoredMessage[]): Promise<void> {
    this.calls.push({ method: 'messages', messages: structuredClone(messages) });
  }

  async toRoom(room: string, type: string, payload: object): Promise<void> {
    this.calls.push({ method: 'toRoom', room, type, payload: structuredClone(payload) });
  }

  async roomRemoved(room: string, userId: string): Promise<void> {
    this.calls.push({ method: 'roomRemoved', room, userId });
  }

  /** Every (room, user) told to leave, in order. */
  get removed(): { room: string; userId: string }[] {
    return this.calls.flatMap((c) => (c.method === 'roomRemoved' ? [{ room: c.room, userId: c.userId }] : []));
  }

  /** Every unsequenced frame sent to rooms, in order. */
  get roomFrames(): { room: string; type: string; payload: object }[] {
    return this.calls.flatMap((c) => (c.method === 'toRoom' ? [{ room: c.room, type: c.type, payload: c.payload }] : []));
  }
}

import { headers, type NatsConnection } from '@nats-io/transport-node';
import { directParticipants } from '../../../../shared/messaging/rooms';
import { messageNewFrame } from '../../../../shared/messaging/contracts';
import { ROOM_HEADER, SEQ_HEADER, type MessagingNames } from '../../../../shared/messaging/subjects';
import type { StoredMessage } from '../../../domain/message.entity';
import type { DeliveryPublisherPort } from '../../../application/ports/delivery-publisher.port';
import { toMessageView } from '../../../application/message-view';

/**
 * Core NATS (not JetStream) to the edges: a delivery is a hint that a stored message exists;
 * edges repair a lost one from the store by seq, so at-most-once transport is enough here.
 * Each frame is serialised once, here; edges forward the bytes untouched.
 */
export class NatsDeliveryPublisher implements DeliveryPublisherPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: MessagingNames,
  ) {}

  async messages(messages: StoredMessage[]): Promise<void> {
    for (const message of messages) {
      const frame = messageNewFrame(toMessageView(message));
      const h = headers();
      h.set(SEQ_HEADER, String(message.seq));
      h.set(ROOM_HEADER, message.room);
      this.nc.publish(this.names.deliverRoom(message.room), frame, { headers: h });
      for (const userId of directParticipants(message.room) ?? []) this.nc.publish(this.names.deliverUser(userId), frame, { headers: h });
    }
  }

  async toRoom(room: string, type: string, payload: object): Promise<void> {
    this.nc.publish(this.names.deliverRoom(room), JSON.stringify({ type, payload }));
  }

  async roomRemoved(room: string, userId: string): Promise<void> {
    this.nc.publish(this.names.edgeControl, JSON.stringify({ type: 'room_removed', room, user_id: userId }));
  }
}

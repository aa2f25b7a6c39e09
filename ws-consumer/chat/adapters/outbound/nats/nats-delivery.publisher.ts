import { headers, type NatsConnection } from '@nats-io/transport-node';
import { directParticipants } from '#contracts/chat/rooms';
import { messageNewFrame } from '#contracts/chat/chat-payloads';
import { packDeliveries } from '#contracts/chat/delivery-pack';
import { ROOM_HEADER, SEQ_HEADER, type ChatNames } from '#contracts/chat/chat-subjects';
import type { StoredMessage } from '../../../domain/message.entity';
import type { DeliveryPublisherPort } from '../../../application/ports/delivery-publisher.port';
import { toMessageView } from '../../../application/message-view';

/** Messages grouped by room, each group in the order given (seq order within a room). */
function byRoom(messages: StoredMessage[]): Map<string, StoredMessage[]> {
  const groups = new Map<string, StoredMessage[]>();
  for (const message of messages) {
    const group = groups.get(message.room);
    if (group) group.push(message);
    else groups.set(message.room, [message]);
  }
  return groups;
}

/**
 * Core NATS (not JetStream) to the edges: a delivery is a hint that a stored message exists;
 * edges repair a lost one from the store by seq, so at-most-once transport is enough here.
 * Each frame is serialised once, here; edges forward the bytes untouched. A room's messages of one
 * batch go out as one pack (delivery-batch.ts).
 */
export class NatsDeliveryPublisher implements DeliveryPublisherPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
  ) {}

  async messages(messages: StoredMessage[]): Promise<void> {
    for (const [room, ofRoom] of byRoom(messages)) {
      for (const pack of packDeliveries(ofRoom.map((message) => ({ seq: message.seq, frame: messageNewFrame(toMessageView(message)) })))) {
        const h = headers();
        h.set(SEQ_HEADER, pack.seqs);
        h.set(ROOM_HEADER, room);
        this.nc.publish(this.names.deliverRoom(room), pack.data, { headers: h });
        for (const userId of directParticipants(room) ?? []) this.nc.publish(this.names.deliverUser(userId), pack.data, { headers: h });
      }
    }
  }

  async toRoom(room: string, type: string, payload: object): Promise<void> {
    this.nc.publish(this.names.deliverRoom(room), JSON.stringify({ type, payload }));
  }

  async roomRemoved(room: string, userId: string): Promise<void> {
    this.nc.publish(this.names.edgeControl, JSON.stringify({ type: 'room_removed', room, user_id: userId }));
  }
}

import type { StoredMessage } from '../../domain/message.entity';

export interface DeliveryPublisherPort {
  /** Sends `message:new` for each stored message to the edges holding the room (and, for direct rooms, both users). */
  messages(messages: StoredMessage[]): Promise<void>;
  /** Sends an unsequenced frame (`room:presence`, `message:read`, …) to the edges holding the room. */
  toRoom(room: string, type: string, payload: object): Promise<void>;
  /** Tells every edge that a user lost access to a room, so their sockets leave it. */
  roomRemoved(room: string, userId: string): Promise<void>;
}

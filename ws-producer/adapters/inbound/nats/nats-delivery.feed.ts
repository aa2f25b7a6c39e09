import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import { guarded } from '#kernel/nats/nats-connection';
import { ROOM_HEADER, SEQ_HEADER, type ChatNames } from '#contracts/chat/chat-subjects';
import { unpackDeliveries } from '#contracts/chat/delivery-pack';
import { Delivery } from '../../../domain/delivery';
import type { DeliveryFeedPort, DeliveryHandler, Unfollow } from '../../../application/ports/delivery-feed.port';

const toDelivery = (frame: Uint8Array, seq: number): Delivery => new Delivery(frame, seq);

/**
 * The core's deliveries on core NATS: `deliver.room.<room>` and `deliver.user.<id>`, subscribed
 * by interest. A message with seqs in its SEQ_HEADER is a pack of stored messages (split
 * without copying); one without is a single unsequenced frame. A malformed pack is logged and
 * dropped (the gap it leaves is repaired from the store).
 */
export class NatsDeliveryFeed implements DeliveryFeedPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
    private readonly logger: Logger,
  ) {}

  async followRoom(room: string, handler: DeliveryHandler): Promise<Unfollow> {
    const subscription = this.subscribe(this.names.deliverRoom(room), handler, () => room);
    try {
      // The server must have the subscription before the core reads last_seq for a join.
      await this.nc.flush();
    } catch (error) {
      // Not followed after all (NATS went away): nats.js would re-subscribe it on reconnect, for nobody.
      subscription.unsubscribe();
      throw error;
    }
    return () => subscription.unsubscribe();
  }

  followUser(userId: string, handler: DeliveryHandler): Unfollow {
    const subscription = this.subscribe(this.names.deliverUser(userId), handler, (msg) => msg.headers?.get(ROOM_HEADER));
    return () => subscription.unsubscribe();
  }

  /** `roomOf` names the room of a pack; a pack whose room is unknown is treated as a plain frame. */
  private subscribe(subject: string, handler: DeliveryHandler, roomOf: (msg: Msg) => string | undefined): Subscription {
    return this.nc.subscribe(subject, {
      callback: guarded(this.logger, subject, (msg) => {
        const seqs = msg.headers?.get(SEQ_HEADER);
        const room = roomOf(msg);
        if (!seqs || !room) return handler.event(new Delivery(msg.data));
        handler.messages(unpackDeliveries(seqs, msg.data, toDelivery), room);
      }),
    });
  }
}

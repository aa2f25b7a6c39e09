import { messageNewFrame } from '#contracts/chat/chat-payloads';
import { type Message } from '#contracts/chat/ws-frames';
import { Delivery } from '../../../domain/delivery';
import type { DeliveryFeedPort, DeliveryHandler, Unfollow } from '../../../application/ports/delivery-feed.port';

/** The core's deliveries in memory: the test plays the core and pushes messages to what the edge follows. */
export class InMemoryDeliveryFeed implements DeliveryFeedPort {
  private readonly rooms = new Map<string, DeliveryHandler>();
  private readonly users = new Map<string, DeliveryHandler>();

  async followRoom(room: string, handler: DeliveryHandler): Promise<Unfollow> {
    // Followed a turn later, like a subscription the broker confirms: a join that does not wait for it would ask the core too early.
    await new Promise((resolve) => setImmediate(resolve));
    this.rooms.set(room, handler);
    return () => this.rooms.get(room) === handler && this.rooms.delete(room);
  }

  followUser(userId: string, handler: DeliveryHandler): Unfollow {
    this.users.set(userId, handler);
    return () => this.users.get(userId) === handler && this.users.delete(userId);
  }

  follows(room: string): boolean {
    return this.rooms.has(room);
  }

  followsUser(userId: string): boolean {
    return this.users.has(userId);
  }

  /** Stored messages of a room, as one pack (delivered only if the edge follows the room). */
  toRoom(room: string, messages: Message[]): void {
    this.rooms.get(room)?.messages(messages.map(asDelivery), room);
  }

  toUser(userId: string, room: string, messages: Message[]): void {
    this.users.get(userId)?.messages(messages.map(asDelivery), room);
  }
}

const asDelivery = (message: Message): Delivery => new Delivery(messageNewFrame(message), message.seq);

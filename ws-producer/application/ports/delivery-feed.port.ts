import type { Delivery } from '../../domain/delivery';

/** What arrives for a room or a user this edge follows. */
export interface DeliveryHandler {
  /** Stored messages (in seq order within one pack); `room` is theirs (a user's deliveries may come from several rooms). */
  messages(deliveries: Delivery[], room: string): void;
  /** An unsequenced frame: typing, presence, read markers, notifications. */
  event(delivery: Delivery): void;
}

/** Stops following; idempotent. */
export type Unfollow = () => void;

/**
 * The core's deliveries to the edges, by interest: this edge follows a room while one of its
 * sessions is in it, and a user while one of their sessions is here.
 */
export interface DeliveryFeedPort {
  /** Follows a room; resolves once the broker has the interest (a join must not read last_seq before). */
  followRoom(room: string, handler: DeliveryHandler): Promise<Unfollow>;
  /** Follows a user's own deliveries (direct messages, notifications). */
  followUser(userId: string, handler: DeliveryHandler): Unfollow;
}

import type { FeedDelivery } from '#contracts/feed/feed-api';
import { Delivery } from '../domain/delivery';

/** A stored post on its way to the feeds held here: its author (whose followers get it) and its event, encoded once per transport. */
export interface LivePost {
  authorId: string;
  /** The post's JSON (the seed's payload shape), seq = its feed seq: an SSE event id, a WebSocket frame's `seq`. */
  delivery: Delivery;
}

/** Serialises the post once, whatever the number of listeners it reaches. */
export function livePostOf(stored: FeedDelivery): LivePost {
  return { authorId: stored.post.user.id, delivery: new Delivery(JSON.stringify(stored.post), stored.seq) };
}

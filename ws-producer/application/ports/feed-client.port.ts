import type { PostsSinceReply } from '#contracts/feed/feed-api';

/** The newsfeed in the core (ws-consumer, module feed), reached over NATS request/reply. Failures are PublicErrors. */
export interface FeedClientPort {
  /** The ids of everyone `userId` follows (at most FOLLOWING_MAX). */
  following(userId: string): Promise<string[]>;
  /**
   * The posts by the people `userId` follows with a seq above `afterSeq`, oldest first; `reset`
   * (and no posts) when `afterSeq` is no post's seq (`unknown`) or more than `limit` were missed (`too_old`).
   */
  postsSince(request: { userId: string; afterSeq: number; limit: number }): Promise<PostsSinceReply>;
}

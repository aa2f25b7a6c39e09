import type { PostPublish } from '#contracts/feed/feed-posts';

export interface PostPublisherPort {
  /**
   * Stores the post durably in stream FEED (resolves after the JetStream PubAck), once per
   * post_id however often it is published; PublicError `bad_request` for a payload that breaks
   * PostPublishSchema, `unavailable` when JetStream is not.
   */
  publish(post: PostPublish): Promise<void>;
}

import { PublicError } from '#kernel/errors/error-kind';
import { parseOrThrow } from '#kernel/errors/validation';
import { PostPublishSchema, type PostPublish } from '#contracts/feed/feed-posts';
import type { PostPublisherPort } from '../../../application/ports/post-publisher.port';

/** Stream FEED in memory: stores valid posts in order, one copy per post_id, and can be told JetStream is away. */
export class InMemoryPostPublisher implements PostPublisherPort {
  readonly stored: PostPublish[] = [];
  /** While set, every publish fails like an unreachable JetStream. */
  unavailable = false;

  async publish(post: PostPublish): Promise<void> {
    if (this.unavailable) throw new PublicError('unavailable', 'JetStream unavailable');
    const valid = parseOrThrow(PostPublishSchema, post, 'post');
    if (!this.stored.some((p) => p.post_id === valid.post_id)) this.stored.push(valid);
  }
}

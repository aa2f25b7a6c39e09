import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { MAX_POST_CHARS, postIdOf, type NewPost } from '#contracts/feed/feed-posts';
import { EdgeError } from '../../../domain/edge.errors';
import type { PostPublisherPort } from '../../ports/post-publisher.port';
import { POST_PUBLISHER } from '../../../tokens';
import type { PostReceipt } from './publish-post.schema';

/**
 * Stores one post durably in stream FEED; the core persists it and fans it out. The answer comes
 * after JetStream's PubAck: `accepted` means the post will be stored, whatever happens to this
 * process next.
 */
@injectable()
export class PublishPostUseCase {
  constructor(@inject(POST_PUBLISHER) private readonly publisher: PostPublisherPort) {}

  /** With an Idempotency-Key the post_id follows from it, so a retry publishes (and answers) the same post. */
  async run(authorId: string, post: NewPost, idempotencyKey?: string): Promise<PostReceipt> {
    if ([...post.body].length > MAX_POST_CHARS) throw new EdgeError('POST.TOO_LARGE', `body is longer than ${MAX_POST_CHARS} characters`);
    const postId = idempotencyKey === undefined ? randomUUID() : postIdOf(authorId, idempotencyKey);
    await this.publisher.publish({ post_id: postId, author_id: authorId, body: post.body, image_urls: post.image_urls, created_at: new Date().toISOString() });
    return { post_id: postId, status: 'accepted' };
  }
}

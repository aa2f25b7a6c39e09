import { inject, injectable } from 'tsyringe';
import type { IncomingPost } from '../../../domain/post.entity';
import type { PostRepositoryPort } from '../../ports/post-repository.port';
import type { FeedNotifierPort } from '../../ports/feed-notifier.port';
import { feedPost } from '../../feed.schema';
import { FEED_NOTIFIER, POST_REPOSITORY } from '../../../tokens';

/**
 * Stores the posts of stream FEED (a redelivered one once) and tells every edge about each, in
 * storing order; answers the posts whose author is no user. A post stored before (the core died
 * before its ack) is told again: edges drop a seq they have already written.
 */
@injectable()
export class StorePostsUseCase {
  constructor(
    @inject(POST_REPOSITORY) private readonly posts: PostRepositoryPort,
    @inject(FEED_NOTIFIER) private readonly notifier: FeedNotifierPort,
  ) {}

  async run(posts: IncomingPost[]): Promise<{ unknownAuthor: string[] }> {
    const { stored, unknownAuthor } = await this.posts.store(posts);
    await this.notifier.postsStored(stored.map((p) => ({ seq: p.feedSeq, post: feedPost(p) })));
    return { unknownAuthor };
  }
}

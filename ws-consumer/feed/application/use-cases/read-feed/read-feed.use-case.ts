import { inject, injectable } from 'tsyringe';
import type { PostRepositoryPort } from '../../ports/post-repository.port';
import { pageOf, postView, type FeedPage, type PageQuery } from '../../feed.schema';
import { POST_REPOSITORY } from '../../../tokens';

/**
 * The paged feed: posts by the people the viewer follows, newest first. Pages are keyed by the
 * order the core stored posts in, so posts stored while a reader pages never make a page skip
 * or repeat one.
 */
@injectable()
export class ReadFeedUseCase {
  constructor(@inject(POST_REPOSITORY) private readonly posts: PostRepositoryPort) {}

  async run(viewerId: string, query: PageQuery): Promise<FeedPage> {
    const posts = await this.posts.feed(viewerId, query.cursor, query.limit + 1);
    return pageOf(posts, query.limit, postView, (p) => p.feedSeq);
  }
}

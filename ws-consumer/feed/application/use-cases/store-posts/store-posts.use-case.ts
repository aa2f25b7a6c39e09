import { inject, injectable } from 'tsyringe';
import type { IncomingPost } from '../../../domain/post.entity';
import type { PostRepositoryPort } from '../../ports/post-repository.port';
import { POST_REPOSITORY } from '../../../tokens';

/** Stores the posts of stream FEED (a redelivered one once); answers those whose author is no user. */
@injectable()
export class StorePostsUseCase {
  constructor(@inject(POST_REPOSITORY) private readonly posts: PostRepositoryPort) {}

  run(posts: IncomingPost[]): Promise<{ unknownAuthor: string[] }> {
    return this.posts.store(posts);
  }
}

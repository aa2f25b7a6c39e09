import { inject, injectable } from 'tsyringe';
import { FeedError } from '../../../domain/feed.errors';
import type { PostRepositoryPort } from '../../ports/post-repository.port';
import { GetPostUseCase } from '../get-post/get-post.use-case';
import type { PostView } from '../../feed.schema';
import { POST_REPOSITORY } from '../../../tokens';

/** Likes (or stops liking) a post, idempotently; answers the post as the liker now sees it. */
@injectable()
export class LikePostUseCase {
  constructor(
    @inject(POST_REPOSITORY) private readonly posts: PostRepositoryPort,
    private readonly getPost: GetPostUseCase,
  ) {}

  async run(userId: string, postId: string, liked: boolean): Promise<PostView> {
    if (!(await this.posts.setLike(postId, userId, liked))) throw new FeedError('POST.NOT_FOUND', `no post ${postId}`);
    return this.getPost.run(userId, postId);
  }
}

import { inject, injectable } from 'tsyringe';
import { FeedError } from '../../../domain/feed.errors';
import type { PostRepositoryPort } from '../../ports/post-repository.port';
import { postView, type PostView } from '../../feed.schema';
import { POST_REPOSITORY } from '../../../tokens';

/** One post as the viewer sees it (with likes_count and the viewer's is_liked). */
@injectable()
export class GetPostUseCase {
  constructor(@inject(POST_REPOSITORY) private readonly posts: PostRepositoryPort) {}

  async run(viewerId: string, postId: string): Promise<PostView> {
    const post = await this.posts.find(postId, viewerId);
    if (!post) throw new FeedError('POST.NOT_FOUND', `no post ${postId}`);
    return postView(post);
  }
}

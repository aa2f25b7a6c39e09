import { inject, injectable } from 'tsyringe';
import { FOLLOWING_MAX, type PostsSinceReply } from '#contracts/feed/feed-api';
import type { PostRepositoryPort } from '../../ports/post-repository.port';
import type { FollowRepositoryPort } from '../../ports/follow-repository.port';
import { feedPost } from '../../feed.schema';
import { FOLLOW_REPOSITORY, POST_REPOSITORY } from '../../../tokens';

/** What an edge needs to hold a live feed: whom a user follows, and the posts a reconnecting stream missed. */
@injectable()
export class LiveFeedUseCase {
  constructor(
    @inject(POST_REPOSITORY) private readonly posts: PostRepositoryPort,
    @inject(FOLLOW_REPOSITORY) private readonly follows: FollowRepositoryPort,
  ) {}

  following(userId: string): Promise<string[]> {
    return this.follows.followeeIds(userId, FOLLOWING_MAX);
  }

  /** The posts after `afterSeq`, oldest first, or reset: `unknown` when no post has that seq, `too_old` when more than `limit` were missed. */
  async since(userId: string, afterSeq: number, limit: number): Promise<PostsSinceReply> {
    if (!(await this.posts.seqExists(afterSeq))) return { status: 'reset', reason: 'unknown', posts: [] };
    const missed = await this.posts.since(userId, afterSeq, limit + 1);
    if (missed.length > limit) return { status: 'reset', reason: 'too_old', posts: [] };
    return { status: 'ok', posts: missed.map((p) => ({ seq: p.feedSeq, post: feedPost(p) })) };
  }
}

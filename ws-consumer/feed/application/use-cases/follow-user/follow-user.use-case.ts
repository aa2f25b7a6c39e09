import { inject, injectable } from 'tsyringe';
import { FeedError } from '../../../domain/feed.errors';
import type { FollowRepositoryPort } from '../../ports/follow-repository.port';
import type { FeedNotifierPort } from '../../ports/feed-notifier.port';
import { FEED_NOTIFIER, FOLLOW_REPOSITORY } from '../../../tokens';

/** Follows or unfollows a user; both idempotent, and told to the edges (their live feeds). Following yourself is refused; an unknown user is USER.NOT_FOUND. */
@injectable()
export class FollowUserUseCase {
  constructor(
    @inject(FOLLOW_REPOSITORY) private readonly follows: FollowRepositoryPort,
    @inject(FEED_NOTIFIER) private readonly notifier: FeedNotifierPort,
  ) {}

  async follow(followerId: string, followeeId: string): Promise<void> {
    if (followerId === followeeId) throw new FeedError('FOLLOW.SELF', 'you cannot follow yourself');
    if (!(await this.follows.follow(followerId, followeeId))) throw unknownUser(followeeId);
    await this.notifier.followChanged({ follower_id: followerId, followee_id: followeeId, following: true });
  }

  async unfollow(followerId: string, followeeId: string): Promise<void> {
    if (!(await this.follows.exists(followeeId))) throw unknownUser(followeeId);
    await this.follows.unfollow(followerId, followeeId);
    await this.notifier.followChanged({ follower_id: followerId, followee_id: followeeId, following: false });
  }
}

export const unknownUser = (id: string) => new FeedError('USER.NOT_FOUND', `no user ${id}`);

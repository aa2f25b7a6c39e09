import { inject, injectable } from 'tsyringe';
import type { FollowRepositoryPort } from '../../ports/follow-repository.port';
import { followView, pageOf, type FollowPage, type PageQuery } from '../../feed.schema';
import { unknownUser } from '../follow-user/follow-user.use-case';
import { FOLLOW_REPOSITORY } from '../../../tokens';

/** A user's followers or the people they follow, newest follow first, in cursor pages. */
@injectable()
export class ListFollowsUseCase {
  constructor(@inject(FOLLOW_REPOSITORY) private readonly follows: FollowRepositoryPort) {}

  async run(userId: string, side: 'followers' | 'following', query: PageQuery): Promise<FollowPage> {
    if (!(await this.follows.exists(userId))) throw unknownUser(userId);
    const entries = await this.follows[side](userId, query.cursor, query.limit + 1);
    return pageOf(entries, query.limit, followView, (e) => e.seq);
  }
}

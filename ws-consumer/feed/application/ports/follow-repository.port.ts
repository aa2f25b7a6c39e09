import type { FollowEntry } from '../../domain/post.entity';

/** Who follows whom. Following twice or unfollowing a stranger changes nothing. */
export interface FollowRepositoryPort {
  /** false if `followeeId` is not a user. */
  follow(followerId: string, followeeId: string): Promise<boolean>;
  unfollow(followerId: string, followeeId: string): Promise<void>;
  /** false if `userId` is not a user. */
  exists(userId: string): Promise<boolean>;
  /** The ids of the people `userId` follows (at most `max`). */
  followeeIds(userId: string, max: number): Promise<string[]>;
  /** Newest follow first, follows numbered below `beforeSeq`. */
  followers(userId: string, beforeSeq: number | undefined, limit: number): Promise<FollowEntry[]>;
  following(userId: string, beforeSeq: number | undefined, limit: number): Promise<FollowEntry[]>;
}

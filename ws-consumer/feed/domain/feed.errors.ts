import { DomainError } from '#kernel/domain/domain-error';

/** Expected failures of the newsfeed; the inbound adapters map each code in one table. */
export type FeedErrorCode = 'POST.NOT_FOUND' | 'USER.NOT_FOUND' | 'FOLLOW.SELF' | 'CURSOR.INVALID';

export class FeedError extends DomainError<FeedErrorCode> {
  override readonly name = 'FeedError';
}

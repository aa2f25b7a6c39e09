import type { ErrorKind } from '#kernel/errors/error-kind';
import { errorTable } from '#kernel/errors/error-table';
import { FeedError, type FeedErrorCode } from '../../domain/feed.errors';

/** The one table mapping the newsfeed's domain errors to the client vocabulary. */
const KIND: Record<FeedErrorCode, ErrorKind> = {
  'POST.NOT_FOUND': 'not_found',
  'USER.NOT_FOUND': 'not_found',
  'FOLLOW.SELF': 'bad_request',
  'CURSOR.INVALID': 'bad_request',
};

export const translateFeedError = errorTable(FeedError, KIND);

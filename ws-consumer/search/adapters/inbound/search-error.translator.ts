import type { ErrorKind } from '#kernel/errors/error-kind';
import { errorTable } from '#kernel/errors/error-table';
import { SearchError, type SearchErrorCode } from '../../domain/search.errors';

/** The one table mapping search's domain errors to the client vocabulary. */
const KIND: Record<SearchErrorCode, ErrorKind> = {
  'SEARCH.BAD_QUERY': 'bad_request',
  'SEARCH.BAD_CURSOR': 'bad_request',
};

export const translateSearchError = errorTable(SearchError, KIND);

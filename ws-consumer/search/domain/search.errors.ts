import { DomainError } from '#kernel/domain/domain-error';

/** Expected failures of search; the inbound adapters map each code in one table. */
export type SearchErrorCode = 'SEARCH.BAD_QUERY' | 'SEARCH.BAD_CURSOR';

export class SearchError extends DomainError<SearchErrorCode> {
  override readonly name = 'SearchError';
}

import { inject, injectable } from 'tsyringe';
import { searchText } from '../../../domain/search-query';
import type { SearchIndexPort } from '../../ports/search-index.port';
import type { UserHitPage, UserSearchQuery } from '../../search.schema';
import { SEARCH_INDEX } from '../../../tokens';

/** Users by a fragment of username, email or phone (the seed's `*191954*`); hits show id and username only. */
@injectable()
export class SearchUsersUseCase {
  constructor(@inject(SEARCH_INDEX) private readonly index: SearchIndexPort) {}

  async run(query: UserSearchQuery): Promise<UserHitPage> {
    const page = await this.index.searchUsers({ text: searchText(query.q), limit: query.limit, cursor: query.cursor });
    return { items: page.items.map((u) => ({ id: u.userId, username: u.username })), next_cursor: page.nextCursor };
  }
}

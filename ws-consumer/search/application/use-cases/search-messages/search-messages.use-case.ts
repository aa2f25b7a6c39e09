import { inject, injectable } from 'tsyringe';
import { searchText, snippetHtml } from '../../../domain/search-query';
import type { SearchIndexPort } from '../../ports/search-index.port';
import type { RoomMembershipPort } from '../../ports/room-membership.port';
import type { MessageHitPage, MessageSearchQuery } from '../../search.schema';
import { ROOM_MEMBERSHIP, SEARCH_INDEX } from '../../../tokens';

/**
 * Messages by words, from the rooms the caller may read: the caller's private and direct rooms
 * are read from the memberships at every query and handed to the index, which filters by them
 * (a member removed a moment ago finds nothing more of the room).
 */
@injectable()
export class SearchMessagesUseCase {
  constructor(
    @inject(SEARCH_INDEX) private readonly index: SearchIndexPort,
    @inject(ROOM_MEMBERSHIP) private readonly membership: RoomMembershipPort,
  ) {}

  async run(userId: string, query: MessageSearchQuery): Promise<MessageHitPage> {
    const text = searchText(query.q);
    const memberOf = await this.membership.closedRoomsOf(userId);
    const page = await this.index.searchMessages({ text, room: query.room, access: { memberOf }, limit: query.limit, cursor: query.cursor });
    return {
      items: page.items.map((m) => ({
        message_id: m.messageId,
        room: m.room,
        seq: m.seq,
        sender_id: m.senderId,
        body: m.body,
        created_at: m.createdAt.toISOString(),
        snippet: snippetHtml(m.snippet),
      })),
      next_cursor: page.nextCursor,
    };
  }
}

import { inject, injectable } from 'tsyringe';
import type { MessageStorePort } from '../../ports/message-store.port';
import { RoomAccess } from '../../room-access';
import { toMessageView } from '../../message-view';
import { MESSAGE_STORE } from '../../../tokens';
import type { MessagePage } from './read-history.schema';

/**
 * A page of a room's history for those who may read it: newest first (before `beforeSeq`, or
 * from the newest), or oldest first after `afterSeq`. The cursor is the last seq of the page.
 */
@injectable()
export class ReadHistoryUseCase {
  constructor(
    private readonly access: RoomAccess,
    @inject(MESSAGE_STORE) private readonly store: MessageStorePort,
  ) {}

  async run(viewerId: string, roomName: string, query: { beforeSeq?: number; afterSeq?: number; limit: number }): Promise<MessagePage> {
    const room = await this.access.readable(roomName, { userId: viewerId });
    const cursor = query.afterSeq !== undefined ? { afterSeq: query.afterSeq } : { beforeSeq: query.beforeSeq };
    // One more than asked tells whether another page exists without a second query.
    const messages = await this.store.page(room.name, cursor, query.limit + 1);
    const items = messages.slice(0, query.limit).map(toMessageView);
    return messages.length > query.limit ? { items, next_cursor: String(items[items.length - 1].seq) } : { items };
  }
}

import { inject, injectable } from 'tsyringe';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import { toRoomView } from '../../room-view';
import { ROOM_REPOSITORY } from '../../../tokens';
import type { ListRoomsQuery, RoomList } from './list-rooms.schema';

/** The rooms a user may read (public and event rooms, and their private and direct ones), by name. */
@injectable()
export class ListRoomsUseCase {
  constructor(@inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort) {}

  async run(viewerId: string, query: ListRoomsQuery): Promise<RoomList> {
    const page = await this.rooms.listVisible(viewerId, query.cursor || undefined, query.limit);
    const items = page.items.map(toRoomView);
    return page.nextCursor === undefined ? { items } : { items, next_cursor: page.nextCursor };
  }
}

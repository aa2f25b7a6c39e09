import { inject, injectable } from 'tsyringe';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import { RoomAccess } from '../../room-access';
import type { UserIdList } from '../../room-view';
import { ROOM_REPOSITORY } from '../../../tokens';

/** A room's member ids, ascending, for those who may read the room (nobody else learns who is in it). */
@injectable()
export class ListMembersUseCase {
  constructor(
    private readonly access: RoomAccess,
    @inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort,
  ) {}

  async run(viewerId: string, roomName: string): Promise<UserIdList> {
    const room = await this.access.readable(roomName, { userId: viewerId });
    return { items: await this.rooms.listMembers(room.name) };
  }
}

import { inject, injectable } from 'tsyringe';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import { RoomAccess } from '../../room-access';
import { ROOM_REPOSITORY } from '../../../tokens';

/** Adds a user to a room, if the domain's membership rule (memberChangeRefusal) allows it. */
@injectable()
export class AddMemberUseCase {
  constructor(
    private readonly access: RoomAccess,
    @inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort,
  ) {}

  async run(request: { actorId: string; room: string; userId: string }): Promise<void> {
    const room = await this.access.membersChangeable(request.room, request.actorId, 'add', request.userId);
    await this.rooms.addMember(room.name, request.userId);
  }
}

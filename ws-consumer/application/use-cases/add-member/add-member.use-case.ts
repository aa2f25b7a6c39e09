import { inject, injectable } from 'tsyringe';
import { MessagingError } from '../../../domain/messaging.errors';
import { memberChangeRefusal } from '../../../domain/room.entity';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import { ROOM_REPOSITORY } from '../../../tokens';

/** Adds a user to a room, if the domain's membership rule (memberChangeRefusal) allows it. */
@injectable()
export class AddMemberUseCase {
  constructor(@inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort) {}

  async run(request: { actorId: string; room: string; userId: string }): Promise<void> {
    const room = await this.rooms.find(request.room);
    if (!room) throw new MessagingError('ROOM.NOT_FOUND', `no room ${request.room}`);
    const refusal = memberChangeRefusal(room, 'add', request.actorId === request.userId, await this.rooms.isMember(room.name, request.actorId));
    if (refusal) throw new MessagingError('ROOM.FORBIDDEN', refusal);
    await this.rooms.addMember(room.name, request.userId);
  }
}

import { inject, injectable } from 'tsyringe';
import { MessagingError } from '../../../domain/messaging.errors';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import { ROOM_REPOSITORY } from '../../../tokens';

/**
 * Adds a user to a room. In a private room only members may add; in a public room anyone
 * signed in may (membership there only records who belongs, access is open anyway). Direct
 * rooms have exactly their two participants and event rooms no members: neither can be changed.
 */
@injectable()
export class AddMemberUseCase {
  constructor(@inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort) {}

  async run(request: { actorId: string; room: string; userId: string }): Promise<void> {
    const room = await this.rooms.find(request.room);
    if (!room) throw new MessagingError('ROOM.NOT_FOUND', `no room ${request.room}`);
    if (room.visibility === 'direct' || room.visibility === 'event') throw new MessagingError('ROOM.FORBIDDEN', `members of ${room.visibility} rooms cannot be changed`);
    if (room.visibility === 'private' && !(await this.rooms.isMember(room.name, request.actorId))) {
      throw new MessagingError('ROOM.FORBIDDEN', `only members of ${room.name} may add members`);
    }
    await this.rooms.addMember(room.name, request.userId);
  }
}

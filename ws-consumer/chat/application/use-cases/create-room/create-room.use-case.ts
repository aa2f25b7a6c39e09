import { inject, injectable } from 'tsyringe';
import { ChatError } from '../../../domain/chat.errors';
import { systemRoomKind } from '../../../domain/room.entity';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import { toRoomView, type RoomView } from '../../room-view';
import { ROOM_REPOSITORY } from '../../../tokens';
import type { CreateRoomRequest } from './create-room.schema';

/** Creates a public or private room; the creator is its first member. */
@injectable()
export class CreateRoomUseCase {
  constructor(@inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort) {}

  async run(creatorId: string, request: CreateRoomRequest): Promise<RoomView> {
    const reserved = systemRoomKind(request.name);
    if (reserved) throw new ChatError('ROOM.INVALID', `room names starting with ${request.name.slice(0, request.name.indexOf(':') + 1)} are reserved for ${reserved} rooms`, { field: 'name' });
    const members = [...new Set([creatorId, ...(request.members ?? [])])];
    // Uniqueness is the repository's job, so two concurrent creates cannot both win.
    const room = await this.rooms.create({ name: request.name, visibility: request.visibility, createdBy: creatorId }, members);
    return toRoomView(room);
  }
}

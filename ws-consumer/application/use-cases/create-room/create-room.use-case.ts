import { inject, injectable } from 'tsyringe';
import { MessagingError } from '../../../domain/messaging.errors';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import { toRoomView, type RoomView } from '../../room-view';
import { ROOM_REPOSITORY } from '../../../tokens';
import type { CreateRoomRequest } from './create-room.schema';

/** Prefixes of rooms the system makes: direct-message rooms and ticketing's event rooms. */
const RESERVED_PREFIXES = ['dm:', 'event:'];

/** Creates a public or private room; the creator is its first member. */
@injectable()
export class CreateRoomUseCase {
  constructor(@inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort) {}

  async run(creatorId: string, request: CreateRoomRequest): Promise<RoomView> {
    const reserved = RESERVED_PREFIXES.find((prefix) => request.name.startsWith(prefix));
    if (reserved) throw new MessagingError('ROOM.INVALID', `room names starting with ${reserved} are reserved`, { field: 'name' });
    const members = [...new Set([creatorId, ...(request.members ?? [])])];
    // Uniqueness is the repository's job, so two concurrent creates cannot both win.
    const room = await this.rooms.create({ name: request.name, visibility: request.visibility, createdBy: creatorId }, members);
    return toRoomView(room);
  }
}

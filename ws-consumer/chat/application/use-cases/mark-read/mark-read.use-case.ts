import { inject, injectable } from 'tsyringe';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import type { DeliveryPublisherPort } from '../../ports/delivery-publisher.port';
import { RoomAccess } from '../../room-access';
import { DELIVERY_PUBLISHER, ROOM_REPOSITORY } from '../../../tokens';

/** Stores how far a user has read a room and tells the room (`message:read`). */
@injectable()
export class MarkReadUseCase {
  constructor(
    private readonly access: RoomAccess,
    @inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort,
    @inject(DELIVERY_PUBLISHER) private readonly delivery: DeliveryPublisherPort,
  ) {}

  async run(request: { room: string; userId: string; seq: number }): Promise<{ room: string; seq: number }> {
    const room = await this.access.readable(request.room, { userId: request.userId });
    const seq = await this.rooms.saveReadMarker(room.name, request.userId, Math.min(request.seq, room.lastSeq));
    await this.delivery.toRoom(room.name, 'message:read', { room: room.name, user_id: request.userId, seq });
    return { room: room.name, seq };
  }
}

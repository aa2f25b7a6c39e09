import { inject, injectable } from 'tsyringe';
import { canRead } from '../../../domain/room.entity';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import type { DeliveryPublisherPort } from '../../ports/delivery-publisher.port';
import { RoomAccess } from '../../room-access';
import { DELIVERY_PUBLISHER, ROOM_REPOSITORY } from '../../../tokens';

/**
 * Removes a user from a room, if the domain's membership rule (memberChangeRefusal) allows it.
 * When the user can no longer read the room, the edges are told to take their sockets out of it.
 */
@injectable()
export class RemoveMemberUseCase {
  constructor(
    private readonly access: RoomAccess,
    @inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort,
    @inject(DELIVERY_PUBLISHER) private readonly delivery: DeliveryPublisherPort,
  ) {}

  async run(request: { actorId: string; room: string; userId: string }): Promise<void> {
    const room = await this.access.membersChangeable(request.room, request.actorId, 'remove', request.userId);
    await this.rooms.removeMember(room.name, request.userId);
    // Kicked even if they were no longer a member: a socket admitted just before a concurrent
    // removal must not stay. Not for public rooms, which they may still read.
    if (!canRead(room, { userId: request.userId }, false)) await this.delivery.roomRemoved(room.name, request.userId);
  }
}

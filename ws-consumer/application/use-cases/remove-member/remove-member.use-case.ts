import { inject, injectable } from 'tsyringe';
import { canRead, memberChangeRefusal } from '../../../domain/room.entity';
import { MessagingError } from '../../../domain/messaging.errors';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import type { DeliveryPublisherPort } from '../../ports/delivery-publisher.port';
import { DELIVERY_PUBLISHER, ROOM_REPOSITORY } from '../../../tokens';

/**
 * Removes a user from a room, if the domain's membership rule (memberChangeRefusal) allows it.
 * When the user can no longer read the room, the edges are told to take their sockets out of it.
 */
@injectable()
export class RemoveMemberUseCase {
  constructor(
    @inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort,
    @inject(DELIVERY_PUBLISHER) private readonly delivery: DeliveryPublisherPort,
  ) {}

  async run(request: { actorId: string; room: string; userId: string }): Promise<void> {
    const room = await this.rooms.find(request.room);
    if (!room) throw new MessagingError('ROOM.NOT_FOUND', `no room ${request.room}`);
    const refusal = memberChangeRefusal(room, 'remove', request.actorId === request.userId, await this.rooms.isMember(room.name, request.actorId));
    if (refusal) throw new MessagingError('ROOM.FORBIDDEN', refusal);
    await this.rooms.removeMember(room.name, request.userId);
    // Kicked even if they were no longer a member: a socket admitted just before a concurrent
    // removal must not stay. Not for public rooms, which they may still read.
    if (!canRead(room, { userId: request.userId }, false)) await this.delivery.roomRemoved(room.name, request.userId);
  }
}

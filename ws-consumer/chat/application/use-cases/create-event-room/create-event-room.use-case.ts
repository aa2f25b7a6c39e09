import { inject, injectable } from 'tsyringe';
import { eventRoom } from '#contracts/ticketing/ticketing-names';
import { ChatError } from '../../../domain/chat.errors';
import type { RoomRepositoryPort } from '../../ports/room-repository.port';
import { ROOM_REPOSITORY } from '../../../tokens';

/**
 * Makes the chat room of an event ticketing created (its event.created, checked by
 * TicketingEventSchema where it enters): `event:<id>`, public and read-only, with no members and
 * no creator (the system writes it). Events arrive at least once, so a room that exists already
 * is success. Event rooms come into being only this way: joining one that does not exist is
 * ROOM.NOT_FOUND.
 */
@injectable()
export class CreateEventRoomUseCase {
  constructor(@inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort) {}

  async run(eventId: string): Promise<void> {
    try {
      await this.rooms.create({ name: eventRoom(eventId), visibility: 'event', createdBy: null }, []);
    } catch (error) {
      if (!(error instanceof ChatError && error.code === 'ROOM.ALREADY_EXISTS')) throw error;
    }
  }
}

import { inject, injectable } from 'tsyringe';
import { directParticipants } from '#contracts/chat/rooms';
import { canRead, isAnonymous, memberChangeRefusal, writeRefusal, type Room, type Viewer } from '../domain/room.entity';
import { ChatError } from '../domain/chat.errors';
import type { RoomRepositoryPort } from './ports/room-repository.port';
import { ROOM_REPOSITORY } from '../tokens';

/**
 * Finds a room and applies the domain's permission rules. A direct-message room comes into being
 * the first time one of its two participants uses it; an event room only when ticketing created
 * the event (CreateEventRoomUseCase): any other unknown name, `event:<id>` included, is ROOM.NOT_FOUND.
 */
@injectable()
export class RoomAccess {
  constructor(@inject(ROOM_REPOSITORY) private readonly rooms: RoomRepositoryPort) {}

  /** The room, if the viewer may read it; ROOM.NOT_FOUND or ROOM.FORBIDDEN otherwise. */
  async readable(name: string, viewer: Viewer): Promise<Room> {
    const room = await this.find(name, viewer);
    if (!canRead(room, viewer, await this.isMember(room, viewer))) throw new ChatError('ROOM.FORBIDDEN', `you may not read room ${name}`);
    return room;
  }

  /** The room, if the viewer may post to it; ROOM.NOT_FOUND, ROOM.READ_ONLY or ROOM.FORBIDDEN otherwise. */
  async writable(name: string, viewer: Viewer): Promise<Room> {
    const room = await this.find(name, viewer);
    const refusal = writeRefusal(room, viewer, await this.isMember(room, viewer));
    if (refusal) throw new ChatError(refusal, refusal === 'ROOM.READ_ONLY' ? `room ${name} is read-only` : `you may not post to room ${name}`);
    return room;
  }

  /**
   * The room, if `actorId` may add or remove `userId` (the domain's memberChangeRefusal); ROOM.NOT_FOUND
   * or ROOM.FORBIDDEN otherwise. Never creates the room: membership of a room that does not exist is no change.
   */
  async membersChangeable(name: string, actorId: string, change: 'add' | 'remove', userId: string): Promise<Room> {
    const room = await this.rooms.find(name);
    if (!room) throw new ChatError('ROOM.NOT_FOUND', `no room ${name}`);
    const refusal = memberChangeRefusal(room, change, actorId === userId, await this.rooms.isMember(room.name, actorId));
    if (refusal) throw new ChatError('ROOM.FORBIDDEN', refusal);
    return room;
  }

  private async find(name: string, viewer: Viewer): Promise<Room> {
    const room = await this.rooms.find(name);
    if (room) return room;
    const pair = directParticipants(name);
    if (pair && !isAnonymous(viewer) && pair.includes(viewer.userId) && pair[0] !== pair[1]) return this.rooms.ensureDirect(name, pair[0], pair[1]);
    throw new ChatError('ROOM.NOT_FOUND', `no room ${name}`);
  }

  private async isMember(room: Room, viewer: Viewer): Promise<boolean> {
    if (isAnonymous(viewer) || room.visibility === 'public' || room.visibility === 'event') return false;
    return this.rooms.isMember(room.name, viewer.userId);
  }
}

/** The viewer of a request that carries an optional user id (null: anonymous guest). */
export function viewerOf(userId: string | null): Viewer {
  return userId === null ? { anonymous: true } : { userId };
}

import type { Room, Visibility } from '../../domain/room.entity';

export interface RoomPage {
  items: Room[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface RoomRepositoryPort {
  /** The room, or null when there is none of that name. */
  find(name: string): Promise<Room | null>;
  /** Creates a room with its first members; ChatError ROOM.ALREADY_EXISTS when the name is taken, USER.NOT_FOUND for an unknown member. */
  create(room: { name: string; visibility: Visibility; createdBy: string | null }, members: string[]): Promise<Room>;
  /** The direct room of two users, created with both as members on first use; USER.NOT_FOUND for an unknown user. */
  ensureDirect(name: string, a: string, b: string): Promise<Room>;
  /** True when the user is a member of the room. */
  isMember(room: string, userId: string): Promise<boolean>;
  /** Adds a member (idempotent); USER.NOT_FOUND for an unknown user. */
  addMember(room: string, userId: string): Promise<void>;
  /** Removes a member; false when they were not one. */
  removeMember(room: string, userId: string): Promise<boolean>;
  /** Member user ids, ascending. */
  listMembers(room: string): Promise<string[]>;
  /** Rooms the user may read (public and event rooms, their private and direct ones), by name, paged. */
  listVisible(userId: string, cursor: string | undefined, limit: number): Promise<RoomPage>;
  /** Stores how far the user has read (never moves backwards). Returns the stored seq. */
  saveReadMarker(room: string, userId: string, seq: number): Promise<number>;
}

import { byUserId, isUserId } from '#contracts/auth/user-id';
import { ROOM_NAME } from '#contracts/chat/rooms';
import { ChatError } from '../../../domain/chat.errors';
import type { Room, Visibility } from '../../../domain/room.entity';
import type { RoomPage, RoomRepositoryPort } from '../../../application/ports/room-repository.port';

/**
 * Rooms in memory, for use-case tests; passes the same contract suite as PgRoomRepository.
 * It stands in for the users table too: only ids it was told about (constructor or addUser)
 * exist, as PostgreSQL's foreign keys would have it. No method awaits before it is done, so each
 * call is atomic, like the database's transactions.
 */
export class InMemoryRoomRepository implements RoomRepositoryPort {
  private readonly users: Set<string>;
  private readonly rooms = new Map<string, Room>();
  private readonly members = new Map<string, Set<string>>();
  private readonly markers = new Map<string, number>();

  constructor(knownUsers: Iterable<string> = []) {
    this.users = new Set(knownUsers);
  }

  /** Makes a user id exist (what registering does in the real system). */
  addUser(userId: string): void {
    this.users.add(userId);
  }

  /**
   * Takes the room's next message sequence number (lastSeq + 1), as the message store does with
   * rooms.last_seq; undefined for an unknown room. For InMemoryMessageStore.
   */
  nextSeq(name: string): number | undefined {
    const room = this.rooms.get(name);
    if (!room) return undefined;
    room.lastSeq += 1;
    return room.lastSeq;
  }

  async find(name: string): Promise<Room | null> {
    const room = this.rooms.get(name);
    return room ? { ...room } : null;
  }

  async create(room: { name: string; visibility: Visibility; createdBy: string | null }, members: string[]): Promise<Room> {
    if (!ROOM_NAME.test(room.name)) throw new ChatError('ROOM.INVALID', 'room names match ^[a-z0-9][a-z0-9_:-]{0,63}$', { room: room.name });
    if (this.rooms.has(room.name)) throw new ChatError('ROOM.ALREADY_EXISTS', `room ${room.name} already exists`, { room: room.name });
    for (const id of [room.createdBy, ...members]) if (id !== null) this.requireUser(id);
    const created: Room = { name: room.name, visibility: room.visibility, createdBy: room.createdBy, lastSeq: 0, createdAt: new Date() };
    this.rooms.set(room.name, created);
    this.members.set(room.name, new Set(members));
    return { ...created };
  }

  async ensureDirect(name: string, a: string, b: string): Promise<Room> {
    const existing = this.rooms.get(name);
    if (existing) {
      if (existing.visibility !== 'direct') throw new ChatError('ROOM.INVALID', `room ${name} is not a direct-message room`, { room: name });
      return { ...existing };
    }
    return this.create({ name, visibility: 'direct', createdBy: null }, [a, b]);
  }

  async isMember(room: string, userId: string): Promise<boolean> {
    return this.members.get(room)?.has(userId) ?? false;
  }

  async addMember(room: string, userId: string): Promise<void> {
    const members = this.requireRoom(room);
    this.requireUser(userId);
    members.add(userId);
  }

  async removeMember(room: string, userId: string): Promise<boolean> {
    return this.members.get(room)?.delete(userId) ?? false;
  }

  async listMembers(room: string): Promise<string[]> {
    return [...(this.members.get(room) ?? [])].sort(byUserId);
  }

  async listVisible(userId: string, cursor: string | undefined, limit: number): Promise<RoomPage> {
    const visible = [...this.rooms.values()]
      .filter((r) => r.visibility === 'public' || r.visibility === 'event' || this.members.get(r.name)?.has(userId))
      .filter((r) => !cursor || r.name > cursor)
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    const items = visible.slice(0, limit).map((r) => ({ ...r }));
    return visible.length > limit ? { items, nextCursor: items[items.length - 1].name } : { items };
  }

  async saveReadMarker(room: string, userId: string, seq: number): Promise<number> {
    if (!isUserId(userId)) throw new ChatError('USER.NOT_FOUND', `no user ${userId}`, { user_id: userId });
    this.requireRoom(room);
    const key = `${room}\u0000${userId}`;
    const stored = Math.max(this.markers.get(key) ?? seq, seq);
    this.markers.set(key, stored);
    return stored;
  }

  private requireRoom(room: string): Set<string> {
    const members = this.members.get(room);
    if (!members) throw new ChatError('ROOM.NOT_FOUND', `no room ${room}`);
    return members;
  }

  private requireUser(userId: string): void {
    if (!this.users.has(userId)) throw new ChatError('USER.NOT_FOUND', `no user ${userId}`, { user_id: userId });
  }
}

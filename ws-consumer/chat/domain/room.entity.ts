/**
 * Rooms and who may do what in them. `public` rooms admit any signed-in user; `private` and
 * `direct` rooms their members only (a direct room's members are its two participants);
 * `event:<id>` rooms are readable by everyone, guests included, and written only by the system.
 * Anonymous guests (when the edge allows them) may read public and event rooms, never write.
 */
export type Visibility = 'public' | 'private' | 'direct' | 'event';

export interface Room {
  name: string;
  visibility: Visibility;
  createdBy: string | null;
  /** Sequence number of the newest message (0 when empty). */
  lastSeq: number;
  createdAt: Date;
}

/** Who is asking: a signed-in user, or an anonymous guest. */
export type Viewer = { userId: string } | { anonymous: true };

export function isAnonymous(viewer: Viewer): viewer is { anonymous: true } {
  return 'anonymous' in viewer;
}

/**
 * The kind of room the system makes under this name: `dm:<a>:<b>` direct rooms and ticketing's
 * `event:<id>` rooms. Users cannot create rooms with these names. Undefined for any other name.
 */
export function systemRoomKind(name: string): 'direct' | 'event' | undefined {
  if (name.startsWith('dm:')) return 'direct';
  if (name.startsWith('event:')) return 'event';
  return undefined;
}

/** May the viewer join the room, read its history and receive its messages? */
export function canRead(room: Room, viewer: Viewer, isMember: boolean): boolean {
  switch (room.visibility) {
    case 'event':
    case 'public':
      return true;
    case 'private':
    case 'direct':
      return !isAnonymous(viewer) && isMember;
  }
}

/**
 * Why the viewer may not post messages to the room (undefined: allowed). Event rooms are written
 * by the system only; guests never write; public rooms take anyone signed in, the others members.
 */
export function writeRefusal(room: Room, viewer: Viewer, isMember: boolean): 'ROOM.READ_ONLY' | 'ROOM.FORBIDDEN' | undefined {
  if (room.visibility === 'event') return 'ROOM.READ_ONLY';
  if (isAnonymous(viewer)) return 'ROOM.FORBIDDEN';
  return room.visibility === 'public' || isMember ? undefined : 'ROOM.FORBIDDEN';
}


/**
 * Why `actor` may not add or remove `subject` as a member (undefined: allowed). Direct rooms have
 * exactly their two participants and event rooms none: neither changes (leaving a direct room
 * would lock a participant out of their own conversation). Anyone may leave a room; in a private
 * room members may add and remove others; in a public room anyone may add (access is open
 * anyway) and nobody removes someone else.
 */
export function memberChangeRefusal(room: Room, change: 'add' | 'remove', self: boolean, actorIsMember: boolean): string | undefined {
  if (room.visibility === 'direct' || room.visibility === 'event') return `members of ${room.visibility} rooms cannot be changed`;
  if (change === 'remove' && self) return undefined;
  if (room.visibility === 'private' && !actorIsMember) return `only members of ${room.name} may ${change} members`;
  if (room.visibility === 'public' && change === 'remove') return `members of public room ${room.name} can only leave themselves`;
  return undefined;
}

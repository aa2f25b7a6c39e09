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

/** May the viewer post messages to the room? */
export function canWrite(room: Room, viewer: Viewer, isMember: boolean): boolean {
  if (isAnonymous(viewer) || room.visibility === 'event') return false;
  return room.visibility === 'public' || isMember;
}


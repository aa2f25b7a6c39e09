/** Frames for sockets on any edge: every edge holding the room or the user writes them (fire and forget). */
export interface OutboxPort {
  /** An unsequenced frame to everyone in `room`, on every edge. */
  toRoom(room: string, type: string, payload: object): void;
  /** A frame to every open session of the user, on every edge. */
  toUser(userId: string, type: string, payload: object): void;
}

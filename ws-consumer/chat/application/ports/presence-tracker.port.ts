export interface PresenceEntry {
  room: string;
  userId: string;
  connectionId: string;
}

export interface PresenceTrackerPort {
  /** Marks a connection present in a room; true when its user was not present before. */
  join(entry: PresenceEntry): Promise<boolean>;
  /** Removes a connection; true when it was its user's last one in the room. */
  leave(entry: PresenceEntry): Promise<boolean>;
  /** Extends the lease of connections that are still open (an edge that dies stops refreshing). */
  refresh(entries: PresenceEntry[]): Promise<void>;
  /** User ids present in the room, ascending. */
  list(room: string): Promise<string[]>;
}

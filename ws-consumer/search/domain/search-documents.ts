/**
 * What the search index holds. Documents are keyed (a user by id, a message by room and seq, an
 * event by id), so indexing one twice replaces it: a redelivered event or a reindex never makes a
 * second hit.
 */
export interface UserDocument {
  userId: string;
  username: string;
  email: string;
  phone: string | null;
}

/** Room visibilities as the core knows them; public and event rooms are readable by everyone. */
export type RoomVisibility = 'public' | 'private' | 'direct' | 'event';

export interface MessageDocument {
  messageId: string;
  room: string;
  seq: number;
  senderId: string;
  body: string;
  createdAt: Date;
  visibility: RoomVisibility;
}

export interface EventDocument {
  eventId: string;
  name: string;
  venue: string | null;
  startsAt: Date | null;
  organizerId: string;
}

export type SearchIndexName = 'users' | 'messages' | 'events';
export const SEARCH_INDEXES: readonly SearchIndexName[] = ['users', 'messages', 'events'];

/** Visibilities whose messages anyone may find (the rest only the room's members). */
export const OPEN_VISIBILITIES: readonly RoomVisibility[] = ['public', 'event'];

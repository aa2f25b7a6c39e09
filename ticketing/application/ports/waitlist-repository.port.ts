import type { WaitlistEntry } from '../../domain/waitlist.entity';
import type { OutboxEntry } from './outbox.port';

/** The waiting lists of sold-out events, in PostgreSQL, first come first offered. */
export interface WaitlistRepositoryPort {
  /** Adds the entry, or returns the user's open entry (waiting or offered) for the event. */
  join(entry: WaitlistEntry): Promise<WaitlistEntry>;
  /** A user's entries, newest first. */
  listByUser(userId: string, limit: number): Promise<WaitlistEntry[]>;
  /** Takes a waiting entry off the list; false if it is not the user's or no longer waiting. */
  leave(entryId: string, userId: string): Promise<WaitlistEntry | null>;
  /** The first waiting entries of an event. */
  next(eventId: string, limit: number): Promise<WaitlistEntry[]>;
  /** Events with someone waiting. */
  eventsWaiting(limit: number): Promise<string[]>;
  /** Records an offer (a hold made for the entry) with its waitlist.offered event; false if the entry is no longer waiting. */
  offer(entryId: string, holdId: string, until: Date, outbox: OutboxEntry[]): Promise<boolean>;
  /** The entry offered this hold is served (its booking was made). */
  fulfil(holdId: string): Promise<void>;
  /** Marks offers not taken by `now` expired and returns them (their holds are released by the caller). */
  expireOffers(now: Date, limit: number): Promise<WaitlistEntry[]>;
}

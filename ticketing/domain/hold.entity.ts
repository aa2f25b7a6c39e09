import { TicketingError } from './ticketing.errors';

/** A hold is renewed at most this often (pretix caps cart renewals the same way). */
export const MAX_HOLD_EXTENSIONS = 3;

/** Seats taken for one buyer for a while, all or none, in Redis. */
export interface Hold {
  id: string;
  eventId: string;
  userId: string;
  seatIds: string[];
  expiresAt: Date;
  extensions: number;
  /** The booking made of it, while that waits in the queue: the hold does not expire meanwhile. */
  bookingId: string | null;
  /** Made for a waiting-list entry (its offer). */
  fromWaitlist: boolean;
}

/** A hold counts while it is queued for a booking or before its expiry. */
export function isLive(hold: Pick<Hold, 'bookingId' | 'expiresAt'>, now: Date): boolean {
  return hold.bookingId !== null || hold.expiresAt > now;
}

/** Checks a hold request: seats of this event, none twice, at least one, at most `max`. */
export function validateHoldRequest(seatIds: string[], eventSeats: { has(seatId: string): boolean }, max: number): void {
  if (seatIds.length === 0) throw new TicketingError('SEAT.UNKNOWN', 'name at least one seat');
  if (seatIds.length > max) throw new TicketingError('HOLD.TOO_MANY_SEATS', `at most ${max} seats a hold`, { max });
  if (new Set(seatIds).size !== seatIds.length) throw new TicketingError('SEAT.DUPLICATE', 'a seat is named twice', { seat_ids: seatIds.filter((id, i) => seatIds.indexOf(id) !== i) });
  const unknown = seatIds.filter((id) => !eventSeats.has(id));
  if (unknown.length > 0) throw new TicketingError('SEAT.UNKNOWN', 'no such seats at this event', { seat_ids: unknown });
}

/** The hold, if `userId` may act on it. */
export function ownHold(hold: Hold | null, userId: string, now: Date): Hold {
  if (!hold || !isLive(hold, now)) throw new TicketingError('HOLD.NOT_FOUND', 'no such hold (it may have expired)');
  if (hold.userId !== userId) throw new TicketingError('HOLD.NOT_YOURS', 'this hold belongs to someone else');
  return hold;
}

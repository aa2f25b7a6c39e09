import { TicketingError } from './ticketing.errors';

export type BookingStatus = 'pending' | 'confirmed' | 'failed' | 'expired' | 'cancelled';

export interface Booking {
  id: string;
  eventId: string;
  userId: string;
  holdId: string;
  status: BookingStatus;
  reference: string;
  seatIds: string[];
  /** Labels of the seats (`Stalls B7`), once the booking holds them. */
  seatNumbers: string[];
  totalAmount: string | null;
  currency: string;
  failureReason: string | null;
  /** Set once the booking holds its seats: unpaid past it, the booking expires. */
  payBy: Date | null;
  /** The last position in the queue its owner was told, while it waits there. */
  queuePosition: number | null;
  createdAt: Date;
}

/** Statuses whose seats are taken (the booking_seats_sold_once index counts these). */
export const ACTIVE: ReadonlySet<BookingStatus> = new Set(['pending', 'confirmed']);

/** Short and human-readable, like pretix's order codes: 6 characters without 0/O, 1/I/L. */
const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function bookingReference(randomBytes: Uint8Array): string {
  return Array.from(randomBytes.subarray(0, 6), (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]).join('');
}

/** The booking, if `userId` owns it. */
export function ownBooking(booking: Booking | null, userId: string): Booking {
  if (!booking) throw new TicketingError('BOOKING.NOT_FOUND', 'no such booking');
  if (booking.userId !== userId) throw new TicketingError('BOOKING.NOT_YOURS', 'this booking belongs to someone else');
  return booking;
}

/** A booking can be paid while it holds its seats, before its deadline, and only once. */
export function payable(booking: Booking, now: Date): Booking & { payBy: Date; totalAmount: string } {
  if (booking.status === 'confirmed') throw new TicketingError('BOOKING.ALREADY_PAID', 'this booking is paid');
  if (booking.status === 'expired' || (booking.status === 'pending' && booking.payBy && booking.payBy <= now)) throw new TicketingError('BOOKING.EXPIRED', 'this booking expired unpaid; its seats are free again');
  if (booking.status !== 'pending' || !booking.payBy || booking.totalAmount === null) throw new TicketingError('BOOKING.NOT_PAYABLE', `a ${booking.status === 'pending' ? 'booking still in the queue' : `${booking.status} booking`} cannot be paid`);
  return booking as Booking & { payBy: Date; totalAmount: string };
}

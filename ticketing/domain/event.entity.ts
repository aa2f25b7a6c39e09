import { TicketingError } from './ticketing.errors';
import { toCents } from './money';

export interface Seat {
  id: string;
  eventId: string;
  section: string;
  row: string;
  number: number;
  /** A decimal string, two decimals. */
  price: string;
}

export interface Event {
  id: string;
  name: string;
  venue: string;
  startsAt: Date;
  /** ISO 4217, one per event. */
  currency: string;
  organizerId: string;
  createdAt: Date;
  seatCount: number;
}

export type SeatStatus = 'free' | 'held' | 'sold';

/** How a seat is named to people: section, row and number (`Stalls B7`). */
export function seatLabel(seat: Pick<Seat, 'section' | 'row' | 'number'>): string {
  return `${seat.section} ${seat.row}${seat.number}`;
}

/** Checks a new seat map: at least one seat, no seat twice, prices in whole cents. */
export function validateSeatMap(seats: Pick<Seat, 'section' | 'row' | 'number' | 'price'>[], maxSeats: number): void {
  if (seats.length === 0) throw new TicketingError('EVENT.INVALID', 'an event needs at least one seat');
  if (seats.length > maxSeats) throw new TicketingError('EVENT.INVALID', `an event has at most ${maxSeats} seats`);
  const labels = new Set<string>();
  for (const seat of seats) {
    toCents(seat.price);
    const label = seatLabel(seat);
    if (labels.has(label)) throw new TicketingError('EVENT.INVALID', `seat ${label} appears twice`, { seat: label });
    labels.add(label);
  }
}

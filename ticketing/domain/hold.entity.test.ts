import { TicketingError } from './ticketing.errors';
import { isLive, ownHold, validateHoldRequest, type Hold } from './hold.entity';
import { bookingReference, ownBooking, payable, type Booking } from './booking.entity';
import { validateSeatMap } from './event.entity';

const seats = new Set(['a', 'b', 'c']);
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof TicketingError ? [error.code, error.details] : error;
  }
  return 'no error';
};

describe('hold requests', () => {
  it('accepts distinct seats of the event up to the cap', () => {
    expect(codeOf(() => validateHoldRequest(['a', 'b'], seats, 2))).toBe('no error');
  });

  it('refuses no seats, too many, a seat twice (naming it) and seats of another event (naming them)', () => {
    expect(codeOf(() => validateHoldRequest([], seats, 2))).toEqual(['SEAT.UNKNOWN', undefined]);
    expect(codeOf(() => validateHoldRequest(['a', 'b', 'c'], seats, 2))).toEqual(['HOLD.TOO_MANY_SEATS', { max: 2 }]);
    expect(codeOf(() => validateHoldRequest(['a', 'b', 'a'], seats, 5))).toEqual(['SEAT.DUPLICATE', { seat_ids: ['a'] }]);
    expect(codeOf(() => validateHoldRequest(['a', 'x', 'y'], seats, 5))).toEqual(['SEAT.UNKNOWN', { seat_ids: ['x', 'y'] }]);
  });

  it('a hold counts until it expires, or while its booking is queued; only its holder may use it', () => {
    const now = new Date('2027-01-01T12:00:00Z');
    const hold: Hold = { id: 'h', eventId: 'e', userId: '7', seatIds: ['a'], expiresAt: new Date(now.getTime() - 1), extensions: 0, bookingId: null, fromWaitlist: false };
    expect(isLive(hold, now)).toBe(false);
    expect(isLive({ ...hold, bookingId: 'b' }, now)).toBe(true);
    expect(codeOf(() => ownHold(hold, '7', now))).toEqual(['HOLD.NOT_FOUND', undefined]);
    expect(codeOf(() => ownHold({ ...hold, bookingId: 'b' }, '8', now))).toEqual(['HOLD.NOT_YOURS', undefined]);
  });
});

describe('bookings', () => {
  const now = new Date('2027-01-01T12:00:00Z');
  const booking: Booking = {
    id: 'b',
    eventId: 'e',
    userId: '7',
    holdId: 'h',
    status: 'pending',
    reference: 'ABCDEF',
    seatIds: ['a'],
    seatNumbers: ['S A1'],
    totalAmount: '10.00',
    currency: 'EUR',
    failureReason: null,
    payBy: new Date(now.getTime() + 60_000),
    queuePosition: null,
    createdAt: now,
  };

  it('is payable while it holds its seats, before its deadline, once', () => {
    expect(payable(booking, now)).toBe(booking);
    expect(codeOf(() => payable({ ...booking, payBy: null }, now))).toEqual(['BOOKING.NOT_PAYABLE', undefined]);
    expect(codeOf(() => payable(booking, new Date(now.getTime() + 60_000)))).toEqual(['BOOKING.EXPIRED', undefined]);
    expect(codeOf(() => payable({ ...booking, status: 'expired' }, now))).toEqual(['BOOKING.EXPIRED', undefined]);
    expect(codeOf(() => payable({ ...booking, status: 'confirmed' }, now))).toEqual(['BOOKING.ALREADY_PAID', undefined]);
    expect(codeOf(() => payable({ ...booking, status: 'failed' }, now))).toEqual(['BOOKING.NOT_PAYABLE', undefined]);
  });

  it('belongs to its owner only', () => {
    expect(codeOf(() => ownBooking(null, '7'))).toEqual(['BOOKING.NOT_FOUND', undefined]);
    expect(codeOf(() => ownBooking(booking, '8'))).toEqual(['BOOKING.NOT_YOURS', undefined]);
  });

  it('references are 6 characters without look-alikes (0/O, 1/I/L)', () => {
    const reference = bookingReference(new Uint8Array([0, 1, 2, 200, 254, 255]));
    expect(reference).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  });
});

describe('seat maps', () => {
  it('refuses no seats, too many, a seat twice and a bad price', () => {
    const seat = { section: 'S', row: 'A', number: 1, price: '1.00' };
    expect(codeOf(() => validateSeatMap([], 10))).toEqual(['EVENT.INVALID', undefined]);
    expect(codeOf(() => validateSeatMap([seat, { ...seat, number: 2 }], 1))).toEqual(['EVENT.INVALID', undefined]);
    expect(codeOf(() => validateSeatMap([seat, seat], 10))).toEqual(['EVENT.INVALID', { seat: 'S A1' }]);
    expect(codeOf(() => validateSeatMap([{ ...seat, price: '1.001' }], 10))).toEqual(['EVENT.INVALID', undefined]);
  });
});

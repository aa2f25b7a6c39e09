import { DomainError } from '#kernel/domain/domain-error';

/** Expected failures of ticketing; its inbound adapters map each code in one table. */
export type TicketingErrorCode =
  | 'EVENT.NOT_FOUND'
  | 'EVENT.INVALID'
  | 'SEAT.UNKNOWN'
  | 'SEAT.TAKEN'
  | 'SEAT.DUPLICATE'
  | 'HOLD.NOT_FOUND'
  | 'HOLD.NOT_YOURS'
  | 'HOLD.TOO_MANY_SEATS'
  | 'HOLD.EXTENSIONS_USED'
  | 'HOLD.QUEUED'
  | 'BOOKING.NOT_FOUND'
  | 'BOOKING.NOT_YOURS'
  | 'BOOKING.NOT_PAYABLE'
  | 'BOOKING.EXPIRED'
  | 'BOOKING.ALREADY_PAID'
  | 'BOOKING.NOT_CANCELLABLE'
  | 'CURSOR.INVALID'
  | 'WAITLIST.NOT_SOLD_OUT'
  | 'WAITLIST.NOT_FOUND';

export class TicketingError extends DomainError<TicketingErrorCode> {
  override readonly name = 'TicketingError';
}

import type { ErrorKind } from '#kernel/errors/error-kind';
import { errorTable } from '#kernel/errors/error-table';
import { TicketingError, type TicketingErrorCode } from '../../domain/ticketing.errors';

/** The one table mapping ticketing's domain errors to the client vocabulary. */
const KIND: Record<TicketingErrorCode, ErrorKind> = {
  'EVENT.NOT_FOUND': 'not_found',
  'EVENT.INVALID': 'bad_request',
  'SEAT.UNKNOWN': 'bad_request',
  'SEAT.TAKEN': 'conflict',
  'SEAT.DUPLICATE': 'bad_request',
  'HOLD.NOT_FOUND': 'not_found',
  'HOLD.NOT_YOURS': 'forbidden',
  'HOLD.TOO_MANY_SEATS': 'bad_request',
  'HOLD.EXTENSIONS_USED': 'conflict',
  'HOLD.QUEUED': 'conflict',
  'BOOKING.NOT_FOUND': 'not_found',
  'BOOKING.NOT_YOURS': 'forbidden',
  'BOOKING.NOT_PAYABLE': 'conflict',
  'BOOKING.EXPIRED': 'conflict',
  'BOOKING.ALREADY_PAID': 'conflict',
  'BOOKING.NOT_CANCELLABLE': 'conflict',
  'CURSOR.INVALID': 'bad_request',
  'WAITLIST.NOT_SOLD_OUT': 'conflict',
  'WAITLIST.NOT_FOUND': 'not_found',
};

export const translateTicketingError = errorTable(TicketingError, KIND);

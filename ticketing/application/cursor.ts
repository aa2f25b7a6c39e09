import { TicketingError } from '../domain/ticketing.errors';

// Page cursors are opaque to clients: the sort key of the last item, base64url-encoded.

export function encodeCursor(time: Date, id: string): string {
  return Buffer.from(`${time.toISOString()}|${id}`).toString('base64url');
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/;

export function decodeCursor(cursor: string): { time: Date; id: string } {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || Number.isNaN(Date.parse(match[1]))) throw new TicketingError('CURSOR.INVALID', 'cursor is not one this API gave out', { field: 'cursor' });
  return { time: new Date(match[1]), id: match[2] };
}

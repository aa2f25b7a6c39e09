import { inject, injectable } from 'tsyringe';
import type { BookingRepositoryPort } from '../../ports/booking-repository.port';
import { decodeCursor, encodeCursor } from '../../cursor';
import type { PageQuery } from '../../params';
import { toBookingView, type BookingView } from '../../views';
import { BOOKING_REPOSITORY } from '../../../tokens';

/** The caller's bookings, newest first. */
@injectable()
export class ListBookingsUseCase {
  constructor(@inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepositoryPort) {}

  async run(userId: string, query: PageQuery): Promise<{ items: BookingView[]; next_cursor?: string }> {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const bookings = await this.bookings.listByUser(userId, { before: before && { createdAt: before.time, id: before.id }, limit: query.limit + 1 });
    const items = bookings.slice(0, query.limit).map(toBookingView);
    const last = bookings[query.limit - 1];
    return bookings.length > query.limit ? { items, next_cursor: encodeCursor(last.createdAt, last.id) } : { items };
  }
}

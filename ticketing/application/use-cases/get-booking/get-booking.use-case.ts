import { inject, injectable } from 'tsyringe';
import { ownBooking } from '../../../domain/booking.entity';
import type { BookingRepositoryPort } from '../../ports/booking-repository.port';
import { toBookingView, type BookingView } from '../../views';
import { BOOKING_REPOSITORY } from '../../../tokens';

/** One of the caller's bookings. */
@injectable()
export class GetBookingUseCase {
  constructor(@inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepositoryPort) {}

  async run(userId: string, bookingId: string): Promise<BookingView> {
    return toBookingView(ownBooking(await this.bookings.find(bookingId), userId));
  }
}

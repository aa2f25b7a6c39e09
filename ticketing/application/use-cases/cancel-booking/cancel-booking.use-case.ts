import { inject, injectable } from 'tsyringe';
import { ownBooking } from '../../../domain/booking.entity';
import { TicketingError } from '../../../domain/ticketing.errors';
import type { BookingRepositoryPort, BookingUnit } from '../../ports/booking-repository.port';
import type { PaymentGatewayPort } from '../../ports/payment-gateway.port';
import type { TicketingTelemetryPort } from '../../ports/ticketing-telemetry.port';
import { about, bookingCancelled } from '../../booking-events';
import { toBookingView, type BookingView } from '../../views';
import { BOOKING_REPOSITORY, PAYMENT_GATEWAY, TELEMETRY } from '../../../tokens';

/** Cancels a pending or confirmed booking: a paid one is refunded through the gateway; its seats are free again. */
@injectable()
export class CancelBookingUseCase {
  constructor(
    @inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepositoryPort,
    @inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGatewayPort,
    @inject(TELEMETRY) private readonly telemetry: TicketingTelemetryPort,
  ) {}

  async run(userId: string, bookingId: string): Promise<BookingView> {
    const view = await this.bookings.change(bookingId, (unit) => this.cancel(unit, userId));
    if (!view) throw new TicketingError('BOOKING.NOT_FOUND', 'no such booking');
    return view;
  }

  private async cancel(unit: BookingUnit, userId: string): Promise<BookingView> {
    const booking = ownBooking(unit.booking, userId);
    if (booking.status !== 'pending' && booking.status !== 'confirmed') throw new TicketingError('BOOKING.NOT_CANCELLABLE', `a ${booking.status} booking cannot be cancelled`);
    const refunded = booking.status === 'confirmed' && (await this.refund(unit));
    // A booking still in the queue has no seats in PostgreSQL yet; its hold is freed by the seat effect.
    if (booking.payBy) await unit.releaseSeats();
    await unit.update({ status: 'cancelled' });
    unit.emit(bookingCancelled(booking, refunded));
    this.telemetry.bookingFinished('cancelled');
    return toBookingView({ ...booking, status: 'cancelled' });
  }

  private async refund(unit: BookingUnit): Promise<boolean> {
    const charged = await unit.chargedPayment();
    if (!charged?.gatewayReference) return false;
    await this.gateway.refund({ reference: charged.gatewayReference, amount: charged.amount, currency: charged.currency, idempotencyKey: `refund:${charged.id}` });
    await unit.markRefunded(charged.id);
    unit.emit({ event: { type: 'payment.refunded', ...about(unit.booking), payment_id: charged.id, amount: charged.amount, currency: charged.currency } });
    return true;
  }
}

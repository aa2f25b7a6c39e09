import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { ownBooking, payable } from '../../../domain/booking.entity';
import type { Payment } from '../../../domain/payment.entity';
import { TicketingError } from '../../../domain/ticketing.errors';
import type { BookingRepositoryPort, BookingUnit } from '../../ports/booking-repository.port';
import type { ClockPort } from '../../ports/clock.port';
import type { PaymentGatewayPort } from '../../ports/payment-gateway.port';
import type { TicketingTelemetryPort } from '../../ports/ticketing-telemetry.port';
import { about, bookingConfirmed, bookingFailed } from '../../booking-events';
import { toPaymentView, type PaymentView } from '../../views';
import { BOOKING_REPOSITORY, CLOCK, PAYMENT_GATEWAY, TELEMETRY } from '../../../tokens';
import type { PaymentRequest } from './pay-booking.schema';

export interface PaymentAnswer {
  payment: PaymentView;
  /** The answer of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/**
 * Pays a booking that holds its seats, through the payment gateway: approved, it is confirmed
 * (payment:success, booking:confirmed); declined, it fails and its seats are free again. The
 * charge happens with the booking locked, so a retry with the same Idempotency-Key waits for
 * the first and answers its payment, and a booking is charged once whatever keys arrive.
 */
@injectable()
export class PayBookingUseCase {
  constructor(
    @inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepositoryPort,
    @inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGatewayPort,
    @inject(CLOCK) private readonly clock: ClockPort,
    @inject(TELEMETRY) private readonly telemetry: TicketingTelemetryPort,
  ) {}

  async run(userId: string, bookingId: string, request: PaymentRequest, idempotencyKey: string = randomUUID()): Promise<PaymentAnswer> {
    // First, in its own transaction, tell the payer the charge is under way (payment:processing).
    const { earlier } = await this.inLock(bookingId, async (unit) => {
      const previous = await this.previous(unit, userId, idempotencyKey);
      if (previous) return { earlier: previous };
      const booking = payable(unit.booking, this.clock.now());
      unit.emit({ event: { type: 'payment.processing', ...about(booking), amount: booking.totalAmount, currency: booking.currency } });
      return { earlier: null };
    });
    if (earlier) return { payment: toPaymentView(earlier), replayed: true };
    return this.inLock(bookingId, async (unit) => {
      const previous = await this.previous(unit, userId, idempotencyKey);
      if (previous) return { payment: toPaymentView(previous), replayed: true };
      return { payment: toPaymentView(await this.charge(unit, request.card, idempotencyKey)), replayed: false };
    });
  }

  /** The payment an earlier request with this key made, after checking the caller owns the booking. */
  private async previous(unit: BookingUnit, userId: string, idempotencyKey: string): Promise<Payment | null> {
    ownBooking(unit.booking, userId);
    return unit.payment(idempotencyKey);
  }

  private async charge(unit: BookingUnit, card: string, idempotencyKey: string): Promise<Payment> {
    const booking = payable(unit.booking, this.clock.now());
    const result = await this.gateway.charge({ bookingId: booking.id, amount: booking.totalAmount, currency: booking.currency, card, idempotencyKey });
    const payment: Payment = {
      id: randomUUID(),
      bookingId: booking.id,
      idempotencyKey,
      status: result.approved ? 'succeeded' : 'declined',
      amount: booking.totalAmount,
      currency: booking.currency,
      gatewayReference: result.approved ? result.reference : null,
      declineReason: result.approved ? null : result.reason,
    };
    await unit.recordPayment(payment);
    if (result.approved) {
      await unit.update({ status: 'confirmed' });
      unit.emit({ event: { type: 'payment.succeeded', ...about(booking), payment_id: payment.id, amount: payment.amount, currency: payment.currency } }, bookingConfirmed(booking));
      this.telemetry.bookingFinished('confirmed');
    } else {
      await unit.releaseSeats();
      await unit.update({ status: 'failed', failureReason: 'payment_declined' });
      unit.emit({ event: { type: 'payment.failed', ...about(booking), payment_id: payment.id, reason: result.reason } }, bookingFailed(booking, 'failed', 'payment_declined'));
      this.telemetry.bookingFinished('failed');
    }
    return payment;
  }

  private async inLock<T>(bookingId: string, work: (unit: BookingUnit) => Promise<T>): Promise<T> {
    const outcome = await this.bookings.change(bookingId, work);
    if (outcome === null) throw new TicketingError('BOOKING.NOT_FOUND', 'no such booking');
    return outcome;
  }
}

import { inject, injectable } from 'tsyringe';
import type { OutboxPort } from '../../ports/outbox.port';
import { OUTBOX } from '../../../tokens';
import type { BookingResult, PaymentStatus, QueuePosition, ToRoom, ToUser } from './notify.schema';

/** Frames pushed by other services (RealtimeService: booking, payment, availability) to sockets on every edge. */
@injectable()
export class NotifyUseCase {
  constructor(@inject(OUTBOX) private readonly outbox: OutboxPort) {}

  toUser(request: ToUser): void {
    this.outbox.toUser(request.user_id, request.type, request.payload);
  }

  toRoom(request: ToRoom): void {
    this.outbox.toRoom(request.room, request.type, request.payload);
  }

  /** `booking:confirmed` or `booking:failed` to the booker. */
  bookingResult({ user_id, success, ...result }: BookingResult): void {
    this.outbox.toUser(user_id, success ? 'booking:confirmed' : 'booking:failed', result);
  }

  /** `booking:queue_position` to the booker while the booking waits. */
  queuePosition({ user_id, ...position }: QueuePosition): void {
    this.outbox.toUser(user_id, 'booking:queue_position', position);
  }

  /** `payment:processing`, `payment:success` or `payment:failed` to the payer. */
  paymentStatus({ user_id, ...payment }: PaymentStatus): void {
    this.outbox.toUser(user_id, `payment:${payment.status}`, payment);
  }
}

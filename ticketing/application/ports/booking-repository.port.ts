import type { Booking, BookingStatus } from '../../domain/booking.entity';
import type { Payment } from '../../domain/payment.entity';
import type { OutboxEntry } from './outbox.port';

export interface BookingPage {
  /** Bookings older than this one. */
  before?: { createdAt: Date; id: string };
  limit: number;
}

/** The booking row locked for one transaction: every change and event commits together, or none. */
export interface BookingUnit {
  readonly booking: Booking;
  /** Makes the booking the holder of its seats; false when an active booking has one of them (nothing changed). */
  takeSeats(): Promise<boolean>;
  /** Frees the booking's seats (they may be sold again). */
  releaseSeats(): Promise<void>;
  update(change: { status?: BookingStatus; payBy?: Date; totalAmount?: string; failureReason?: string }): Promise<void>;
  payment(idempotencyKey: string): Promise<Payment | null>;
  /** The payment that charged the booking, if any. */
  chargedPayment(): Promise<Payment | null>;
  recordPayment(payment: Payment): Promise<void>;
  markRefunded(paymentId: string): Promise<void>;
  emit(...entries: OutboxEntry[]): void;
}

export interface QueuePosition {
  bookingId: string;
  position: number;
  estimatedWaitSeconds: number;
}

/** Bookings, their seats and payments in PostgreSQL, where a seat is in at most one active booking. */
export interface BookingRepositoryPort {
  /** Records a new pending booking, or returns the one already made of the same hold. */
  create(booking: Booking, outbox: OutboxEntry[]): Promise<Booking>;
  find(id: string): Promise<Booking | null>;
  listByUser(userId: string, page: BookingPage): Promise<Booking[]>;
  /** Runs `work` with the booking locked (FOR UPDATE) in one transaction with its outbox entries; null if there is no such booking. */
  change<T>(bookingId: string, work: (unit: BookingUnit) => Promise<T>): Promise<T | null>;
  /**
   * Tells owners of still-queued bookings their new positions: records each position worth telling
   * (the first; every move in the last few places; further back, a move of a tenth or more; any move
   * back) and emits booking.queued for it, skipping bookings the worker has taken meanwhile.
   * Returns how many were told.
   */
  reportPositions(positions: QueuePosition[]): Promise<number>;
  /** Pending bookings with seats whose pay_by passed. */
  unpaid(now: Date, limit: number): Promise<string[]>;
  /** Pending bookings still without seats, made before `before` (their queue job may be lost). */
  waitingSince(before: Date, limit: number): Promise<string[]>;
}

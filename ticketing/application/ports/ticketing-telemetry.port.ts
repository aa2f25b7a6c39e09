/** What ticketing counts (Prometheus in production). */
export interface TicketingTelemetryPort {
  holdGranted(seats: number): void;
  holdRefused(reason: 'taken' | 'invalid'): void;
  bookingFinished(status: 'confirmed' | 'failed' | 'expired' | 'cancelled'): void;
  /** Time a booking waited in the queue before the worker took it. */
  queueWaited(seconds: number): void;
}

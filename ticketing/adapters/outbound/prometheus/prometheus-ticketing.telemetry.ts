import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TicketingTelemetryPort } from '../../../application/ports/ticketing-telemetry.port';

/** Readings taken when /metrics is scraped (they cost a query each). */
export interface TicketingGauges {
  queueDepth(): Promise<number>;
  outboxLagSeconds(): Promise<number>;
}

/** Ticketing's Prometheus metrics: holds granted and refused, booking outcomes, queue depth and wait, outbox lag. */
export class PrometheusTicketingTelemetry implements TicketingTelemetryPort {
  private readonly holds: Counter<'outcome'>;
  private readonly seatsHeld: Counter;
  private readonly bookings: Counter<'status'>;
  private readonly queueWait: Histogram;

  constructor(registry: Registry, gauges: TicketingGauges) {
    this.holds = new Counter({ name: 'realtime_ticketing_holds_total', help: 'Hold requests by outcome (granted, taken: a seat was held or sold, invalid)', labelNames: ['outcome'], registers: [registry] });
    this.seatsHeld = new Counter({ name: 'realtime_ticketing_seats_held_total', help: 'Seats taken by granted holds', registers: [registry] });
    this.bookings = new Counter({ name: 'realtime_ticketing_bookings_total', help: 'Bookings finished, by status (confirmed, failed, expired, cancelled)', labelNames: ['status'], registers: [registry] });
    this.queueWait = new Histogram({
      name: 'realtime_ticketing_booking_queue_wait_seconds',
      help: 'Time from a booking request until the worker took it',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    new Gauge({
      name: 'realtime_ticketing_booking_queue_depth',
      help: 'Bookings waiting in the booking queue',
      registers: [registry],
      async collect() {
        this.set(await gauges.queueDepth().catch(() => Number.NaN));
      },
    });
    new Gauge({
      name: 'realtime_ticketing_outbox_lag_seconds',
      help: 'Age of the oldest domain event not yet relayed to JetStream',
      registers: [registry],
      async collect() {
        this.set(await gauges.outboxLagSeconds().catch(() => Number.NaN));
      },
    });
  }

  holdGranted(seats: number): void {
    this.holds.inc({ outcome: 'granted' });
    this.seatsHeld.inc(seats);
  }

  holdRefused(reason: 'taken' | 'invalid'): void {
    this.holds.inc({ outcome: reason });
  }

  bookingFinished(status: 'confirmed' | 'failed' | 'expired' | 'cancelled'): void {
    this.bookings.inc({ status });
  }

  queueWaited(seconds: number): void {
    this.queueWait.observe(Math.max(0, seconds));
  }
}

import { z } from 'zod';
import { commonEnvShape, env, parseEnv } from '#kernel/config/env';
import { tokenVerifierEnvShape } from '#contracts/auth/token-verifier.config';
import type { TicketingSettings } from './application/ticketing-settings';

export const ticketingEnvSchema = z.object({
  ...commonEnvShape,
  ...tokenVerifierEnvShape,
  /** HTTP port (events, seats, holds, bookings, payments, waiting list). Default 8083. */
  TICKETING_HTTP_PORT: env.port(8083),
  /** How long a hold keeps its seats. Default 10m. */
  HOLD_TTL: env.duration('10m'),
  /** How long a booking that holds its seats waits for its payment. Default 15m. */
  PAYMENT_TTL: env.duration('15m'),
  /** Most seats in one hold. Default 10. */
  MAX_SEATS_PER_HOLD: env.int(10, 1, 1_000),
  /** Most seats in one event's seat map. Default 20000. */
  MAX_SEATS_PER_EVENT: env.int(20_000, 1, 200_000),
  /** How long a waiting-list offer (a hold made for the next in line) may be taken. Default 10m. */
  WAITLIST_OFFER_TTL: env.duration('10m'),
  /** Bookings one process works on at once (each holds a database connection of the pool of 20 meanwhile). Default 8. */
  BOOKING_WORKER_CONCURRENCY: env.int(8, 1, 1_000),
  /** Run the booking worker and the maintenance jobs in this process. Default true. */
  BOOKING_WORKER: env.bool(true),
  /** How long the simulated payment gateway takes to answer. Default 30ms. */
  PAYMENT_GATEWAY_LATENCY: env.duration('30ms', true),
  /** A pending booking without seats this old whose queue job is gone (Redis lost it) is queued again. Default 30s. */
  BOOKING_REQUEUE_AFTER: env.duration('30s'),
  /** How often the maintenance jobs run (expired holds, unpaid bookings, offers, queue positions). Default 1s. */
  TICKETING_SWEEP_INTERVAL: env.duration('1s'),
});

export type TicketingConfig = z.infer<typeof ticketingEnvSchema>;

export function loadTicketingConfig(source: Record<string, string | undefined> = process.env): TicketingConfig {
  return parseEnv(ticketingEnvSchema, source);
}

/** The use cases' rules from the configuration (the service and `make seed` build them alike). */
export function ticketingSettings(config: TicketingConfig): TicketingSettings {
  return {
    holdTtlMs: config.HOLD_TTL,
    paymentTtlMs: config.PAYMENT_TTL,
    maxSeatsPerHold: config.MAX_SEATS_PER_HOLD,
    maxSeatsPerEvent: config.MAX_SEATS_PER_EVENT,
    offerTtlMs: config.WAITLIST_OFFER_TTL,
    requeueAfterMs: config.BOOKING_REQUEUE_AFTER,
  };
}

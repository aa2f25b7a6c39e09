/** Dependency-injection tokens of ticketing; main.ts registers them. */
export const EVENT_REPOSITORY = Symbol('EVENT_REPOSITORY');
export const BOOKING_REPOSITORY = Symbol('BOOKING_REPOSITORY');
export const WAITLIST_REPOSITORY = Symbol('WAITLIST_REPOSITORY');
export const OUTBOX = Symbol('OUTBOX');
export const SEAT_MAP = Symbol('SEAT_MAP');
export const SEAT_CHANGE_FEED = Symbol('SEAT_CHANGE_FEED');
export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');
export const BOOKING_QUEUE = Symbol('BOOKING_QUEUE');
export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');
export const TELEMETRY = Symbol('TELEMETRY');
export const CLOCK = Symbol('CLOCK');
export const SETTINGS = Symbol('SETTINGS');

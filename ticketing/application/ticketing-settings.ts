/** The rules' numbers, from the configuration. */
export interface TicketingSettings {
  holdTtlMs: number;
  paymentTtlMs: number;
  maxSeatsPerHold: number;
  maxSeatsPerEvent: number;
  offerTtlMs: number;
}

/** The rules' numbers, from the configuration. */
export interface TicketingSettings {
  holdTtlMs: number;
  paymentTtlMs: number;
  maxSeatsPerHold: number;
  maxSeatsPerEvent: number;
  offerTtlMs: number;
  /** A pending booking without seats this old whose queue job is gone is queued again. */
  requeueAfterMs: number;
}

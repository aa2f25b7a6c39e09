/** The answer of a gate: taken (send now), or held elsewhere and open again in `reopensInMs`. */
export type GateAnswer = { taken: true } | { taken: false; reopensInMs: number };

/**
 * One availability frame per event per window across every core (Redis in production): a core
 * sends an event's frame only after taking its gate for the window.
 */
export interface AvailabilityGatePort {
  /** Takes the event's gate for `windowMs` if it is open; otherwise answers how long until it opens. */
  take(eventId: string, windowMs: number): Promise<GateAnswer>;
}

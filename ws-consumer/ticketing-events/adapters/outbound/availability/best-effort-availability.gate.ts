import type { Degradation } from '#kernel/lifecycle/degradation';
import type { AvailabilityGatePort, GateAnswer } from '../../../application/ports/availability-gate.port';

const OPEN: GateAnswer = { taken: true };

/**
 * Availability frames are hints (GET /v1/events/{id}/seats is the record): they must not stop
 * while the gate's store is away. Meanwhile every gate counts as open, so each core keeps its own
 * window (at most one frame per event per window and core); the degradation counts and logs it.
 */
export class BestEffortAvailabilityGate implements AvailabilityGatePort {
  constructor(
    private readonly gate: AvailabilityGatePort,
    private readonly degradation: Degradation,
  ) {}

  take(eventId: string, windowMs: number): Promise<GateAnswer> {
    return this.degradation.attempt(() => this.gate.take(eventId, windowMs), () => OPEN);
  }
}

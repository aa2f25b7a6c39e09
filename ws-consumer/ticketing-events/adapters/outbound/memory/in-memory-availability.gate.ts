import type { AvailabilityGatePort, GateAnswer } from '../../../application/ports/availability-gate.port';

/**
 * The gates of one store in memory, on a clock of the test's choosing (Date.now by default, which
 * jest's fake timers move). Passes the contract suite RedisAvailabilityGate passes. While
 * `unavailable`, every take fails like a Redis that is away.
 */
export class InMemoryAvailabilityGate implements AvailabilityGatePort {
  private readonly opensAt = new Map<string, number>();
  unavailable = false;

  constructor(private readonly now: () => number = () => Date.now()) {}

  async take(eventId: string, windowMs: number): Promise<GateAnswer> {
    if (this.unavailable) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    const now = this.now();
    const opensAt = this.opensAt.get(eventId) ?? 0;
    if (opensAt > now) return { taken: false, reopensInMs: opensAt - now };
    this.opensAt.set(eventId, now + windowMs);
    return { taken: true };
  }
}

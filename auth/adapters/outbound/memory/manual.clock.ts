import type { ClockPort } from '../../../application/ports/clock.port';

/** A clock the test moves by hand. */
export class ManualClock implements ClockPort {
  constructor(private current = new Date('2026-01-01T00:00:00Z')) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

import type { FrameTelemetryPort } from '../../../application/ports/frame-telemetry.port';

/** The routing's metrics as plain numbers, for tests to read. */
export class CountingFrameTelemetry implements FrameTelemetryPort {
  readonly sentByType: Record<string, number> = {};
  changesCoalesced = 0;

  sent(type: string): void {
    this.sentByType[type] = (this.sentByType[type] ?? 0) + 1;
  }

  coalesced(changes: number): void {
    this.changesCoalesced += changes;
  }
}

import type { EdgeTelemetryPort } from '../../../application/ports/edge-telemetry.port';
import type { Transport } from '../../../application/session';

/** The edge's metrics as plain numbers, for tests to read. */
export class CountingTelemetry implements EdgeTelemetryPort {
  open = 0;
  readonly openBy: Record<Transport, number> = { websocket: 0, sse: 0 };
  readonly feedWrites: Record<Transport, number> = { websocket: 0, sse: 0 };
  signedIn = 0;
  readonly framesIn: Record<string, number> = {};
  readonly sent: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  roomSizes: Record<string, number> = {};

  connections(delta: 1 | -1, transport: Transport): void {
    this.open += delta;
    this.openBy[transport] += delta;
  }

  feedEvents(transport: Transport, count: number): void {
    this.feedWrites[transport] += count;
  }

  authenticated(delta: 1 | -1): void {
    this.signedIn += delta;
  }

  received(type: string): void {
    this.framesIn[type] = (this.framesIn[type] ?? 0) + 1;
  }

  delivered(type: string, count: number): void {
    this.sent[type] = (this.sent[type] ?? 0) + count;
  }

  error(kind: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }

  rooms(counts: Record<string, number>): void {
    this.roomSizes = counts;
  }
}

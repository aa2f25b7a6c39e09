import { Counter, type Registry } from 'prom-client';
import type { FrameTelemetryPort } from '../../../application/ports/frame-telemetry.port';

/**
 * The routing of ticketing events in Prometheus: frames sent by type (availability frames sent are
 * `{type="ticket:availability"}`), and the seats.changed events coalesced into those.
 */
export class PrometheusFrameTelemetry implements FrameTelemetryPort {
  private readonly frames: Counter<'type'>;
  private readonly changes: Counter;

  constructor(registry: Registry) {
    this.frames = new Counter({ name: 'realtime_ticketing_frames_total', help: 'Frames made from ticketing events and sent to the edges, by frame type', labelNames: ['type'], registers: [registry] });
    this.changes = new Counter({ name: 'realtime_ticketing_availability_changes_total', help: 'seats.changed events coalesced into the ticket:availability frames sent', registers: [registry] });
  }

  sent(type: string): void {
    this.frames.inc({ type });
  }

  coalesced(changes: number): void {
    this.changes.inc(changes);
  }
}

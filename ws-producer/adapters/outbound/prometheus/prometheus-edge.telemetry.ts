import { Counter, Gauge, type Registry } from 'prom-client';
import type { EdgeTelemetryPort } from '../../../application/ports/edge-telemetry.port';
import type { Transport } from '../../../application/session';

/** The edge's metrics, with the seed's names (realtime_*), on the service's registry. */
export class PrometheusEdgeTelemetry implements EdgeTelemetryPort {
  private readonly open: Gauge;
  private readonly sseStreams: Gauge;
  private readonly feedWrites: Counter<'transport'>;
  private readonly signedIn: Gauge;
  private readonly perRoom: Gauge<'room'>;
  private readonly sent: Counter<'type'>;
  private readonly receivedFrames: Counter<'type'>;
  private readonly notifications: Counter;
  private readonly errors: Counter<'type'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.open = new Gauge({ name: 'realtime_websocket_connections_total', help: 'Open WebSocket connections', registers });
    this.sseStreams = new Gauge({ name: 'realtime_sse_streams', help: 'Open SSE feed streams (GET /v1/feed/stream)', registers });
    this.feedWrites = new Counter({ name: 'realtime_feed_events_total', help: 'Feed posts written to listeners, by transport (sse, websocket)', labelNames: ['transport'], registers });
    this.signedIn = new Gauge({ name: 'realtime_websocket_connections_authenticated', help: 'Open connections with a signed-in user', registers });
    this.perRoom = new Gauge({ name: 'realtime_websocket_connections_per_room', help: 'Connections joined to each room on this edge', labelNames: ['room'], registers });
    this.sent = new Counter({ name: 'realtime_messages_sent_total', help: 'Frames written to clients, by type', labelNames: ['type'], registers });
    this.receivedFrames = new Counter({ name: 'realtime_messages_received_total', help: 'Frames received from clients, by type', labelNames: ['type'], registers });
    this.notifications = new Counter({ name: 'realtime_notifications_delivered_total', help: 'Notifications (frames to a user that are not chat messages) written to clients', registers });
    this.errors = new Counter({ name: 'realtime_errors_total', help: 'Errors by type', labelNames: ['type'], registers });
  }

  connections(delta: 1 | -1, transport: Transport): void {
    (transport === 'sse' ? this.sseStreams : this.open).inc(delta);
  }

  feedEvents(transport: Transport, count: number): void {
    this.feedWrites.inc({ transport }, count);
  }

  authenticated(delta: 1 | -1): void {
    this.signedIn.inc(delta);
  }

  received(type: string): void {
    this.receivedFrames.inc({ type });
  }

  delivered(type: 'message:new' | 'event' | 'notification', count: number): void {
    if (count === 0) return;
    this.sent.inc({ type }, count);
    if (type === 'notification') this.notifications.inc(count);
  }

  error(kind: string): void {
    this.errors.inc({ type: kind });
  }

  rooms(counts: Record<string, number>): void {
    this.perRoom.reset();
    for (const [room, count] of Object.entries(counts)) this.perRoom.set({ room }, count);
  }
}

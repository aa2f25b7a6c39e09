import { Counter, Gauge, type Registry } from 'prom-client';

/** The seed's metric names (SPEC §7) for the edge. */
export function createEdgeMetrics(registry: Registry) {
  return {
    connections: new Gauge({ name: 'realtime_websocket_connections_total', help: 'Open WebSocket connections', registers: [registry] }),
    authenticated: new Gauge({ name: 'realtime_websocket_connections_authenticated', help: 'Open connections with a signed-in user', registers: [registry] }),
    perRoom: new Gauge({ name: 'realtime_websocket_connections_per_room', help: 'Connections joined to each room on this edge', labelNames: ['room'], registers: [registry] }),
    sent: new Counter({ name: 'realtime_messages_sent_total', help: 'Frames written to clients, by type', labelNames: ['type'], registers: [registry] }),
    received: new Counter({ name: 'realtime_messages_received_total', help: 'Frames received from clients, by type', labelNames: ['type'], registers: [registry] }),
    notifications: new Counter({ name: 'realtime_notifications_delivered_total', help: 'Notifications (non-chat frames) written to clients', registers: [registry] }),
    errors: new Counter({ name: 'realtime_errors_total', help: 'Errors by type', labelNames: ['type'], registers: [registry] }),
  };
}

export type EdgeMetrics = ReturnType<typeof createEdgeMetrics>;

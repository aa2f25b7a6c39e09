// What the ops endpoints answer (GET /v1/admin/* on the edge, the core and ticketing; admin role).

/** The edge's `/v1/admin/connections`: every edge that answered within 300 ms. */
export interface ConnectionsReport {
  total: number;
  authenticated: number;
  edges: { edge_id: string; connections: number; authenticated: number }[];
  /** Most connections first. */
  rooms: { room: string; connections: number }[];
}

/** The core's `/v1/admin/consumers`: counts are null for a consumer that does not exist yet. */
export interface ConsumersReport {
  consumers: { stream: string; durable: string; num_pending: number | null; num_ack_pending: number | null; num_redelivered: number | null }[];
  dead_letters: { source: string; count: number }[];
}

/** Ticketing's `/v1/admin/queue`. */
export interface QueueDepth {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

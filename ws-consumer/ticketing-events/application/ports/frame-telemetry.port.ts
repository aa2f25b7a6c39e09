/** What the routing of ticketing events counts (Prometheus in production; its metric names are in the adapter). */
export interface FrameTelemetryPort {
  /** A frame of this type went to the edges (ticket:availability once per coalesced frame). */
  sent(type: string): void;
  /** An availability frame went out merging `changes` seats.changed events. */
  coalesced(changes: number): void;
}

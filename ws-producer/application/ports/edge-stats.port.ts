import type { EdgeStats } from '#contracts/chat/edge-api';

/** The other edges (this one included), asked for their connection counts. */
export interface EdgeStatsPort {
  /** Every edge's answer that arrives within a short window; edges that do not answer in time are left out. */
  collect(): Promise<EdgeStats[]>;
}

/** Settings the edge's use cases need (from ws-producer's configuration). */
export interface EdgeSettings {
  /** This edge process, as GetConnectionStats reports it. */
  edgeId: string;
  /** WS_RECOVERY_MAX: most messages a join with since_seq recovers (beyond it, recovered:false). */
  recoveryMax: number;
  /** FEED_RECOVERY_MAX: most posts a feed resumed after a seq recovers (beyond it, a reset). */
  feedRecoveryMax: number;
}

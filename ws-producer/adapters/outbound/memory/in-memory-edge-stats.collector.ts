import type { EdgeStats } from '#contracts/chat/edge-api';
import type { EdgeStatsPort } from '../../../application/ports/edge-stats.port';

/** Other edges' answers to a stats request, as the test sets them. */
export class InMemoryEdgeStatsCollector implements EdgeStatsPort {
  answers: EdgeStats[] = [];

  async collect(): Promise<EdgeStats[]> {
    return [...this.answers];
  }
}

import type { NatsConnection } from '@nats-io/transport-node';
import { EdgeStatsSchema, type EdgeStats } from '#contracts/chat/edge-api';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { EdgeStatsPort } from '../../../application/ports/edge-stats.port';

/** How long GetConnectionStats waits for edges to answer. */
const STATS_WAIT_MS = 300;

/** Asks every edge on `edge.stats` and gathers the answers that arrive within STATS_WAIT_MS; malformed ones are left out. */
export class NatsEdgeStatsCollector implements EdgeStatsPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
  ) {}

  async collect(): Promise<EdgeStats[]> {
    const answers: EdgeStats[] = [];
    const replies = await this.nc.requestMany(this.names.edgeStats, '', { strategy: 'timer', maxWait: STATS_WAIT_MS });
    for await (const reply of replies) {
      let stats;
      try {
        stats = EdgeStatsSchema.safeParse(reply.json());
      } catch {
        continue; // not JSON
      }
      if (stats.success) answers.push(stats.data);
    }
    return answers;
  }
}

import { inject, injectable } from 'tsyringe';
import type { EdgeStats } from '#contracts/chat/edge-api';
import type { EdgeStatsPort } from '../../ports/edge-stats.port';
import type { EdgeSettings } from '../../edge-settings';
import { LocalRooms } from '../../local-rooms';
import { LocalSessions } from '../../local-sessions';
import { EDGE_SETTINGS, EDGE_STATS } from '../../../tokens';

/** One edge's own counts, as it answered. */
export type EdgeConnections = Pick<EdgeStats, 'edge_id' | 'connections' | 'authenticated'>;

export interface ConnectionTotals {
  connections: number;
  authenticated: number;
  rooms: Record<string, number>;
  /** Every edge that answered, by id. */
  edges: EdgeConnections[];
}

/** Connection counts: this edge's own, and the totals over every edge (GetConnectionStats, GET /v1/admin/connections). */
@injectable()
export class EdgeStatsUseCase {
  constructor(
    @inject(EDGE_STATS) private readonly edges: EdgeStatsPort,
    @inject(EDGE_SETTINGS) private readonly settings: EdgeSettings,
    private readonly sessions: LocalSessions,
    private readonly rooms: LocalRooms,
  ) {}

  local(): EdgeStats {
    return { edge_id: this.settings.edgeId, ...this.sessions.counts(), rooms: this.rooms.counts() };
  }

  async all(): Promise<ConnectionTotals> {
    const totals: ConnectionTotals = { connections: 0, authenticated: 0, rooms: {}, edges: [] };
    for (const stats of await this.edges.collect()) {
      totals.edges.push({ edge_id: stats.edge_id, connections: stats.connections, authenticated: stats.authenticated });
      totals.connections += stats.connections;
      totals.authenticated += stats.authenticated;
      for (const [room, count] of Object.entries(stats.rooms)) totals.rooms[room] = (totals.rooms[room] ?? 0) + count;
    }
    totals.edges.sort((a, b) => a.edge_id.localeCompare(b.edge_id));
    return totals;
  }
}

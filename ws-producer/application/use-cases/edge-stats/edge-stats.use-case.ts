import { inject, injectable } from 'tsyringe';
import type { EdgeStats } from '#contracts/chat/edge-api';
import type { EdgeStatsPort } from '../../ports/edge-stats.port';
import type { EdgeSettings } from '../../edge-settings';
import { LocalRooms } from '../../local-rooms';
import { LocalSessions } from '../../local-sessions';
import { EDGE_SETTINGS, EDGE_STATS } from '../../../tokens';

export interface ConnectionTotals {
  connections: number;
  authenticated: number;
  rooms: Record<string, number>;
  edges: number;
}

/** Connection counts: this edge's own, and the totals over every edge (GetConnectionStats). */
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
    const totals: ConnectionTotals = { connections: 0, authenticated: 0, rooms: {}, edges: 0 };
    for (const stats of await this.edges.collect()) {
      totals.edges++;
      totals.connections += stats.connections;
      totals.authenticated += stats.authenticated;
      for (const [room, count] of Object.entries(stats.rooms)) totals.rooms[room] = (totals.rooms[room] ?? 0) + count;
    }
    return totals;
  }
}

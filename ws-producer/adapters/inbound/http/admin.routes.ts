import type { HttpRouter } from '#kernel/http/http-router';
import { ADMIN_REFUSALS, requireAdmin, type Principal } from '#contracts/auth/principal';
import type { ConnectionTotals, EdgeStatsUseCase } from '../../../application/use-cases/edge-stats/edge-stats.use-case';
import { ConnectionsReportSchema, type ConnectionsReport } from '../../../application/use-cases/edge-stats/edge-stats.schema';

function reportOf(totals: ConnectionTotals): ConnectionsReport {
  const rooms = Object.entries(totals.rooms).map(([room, connections]) => ({ room, connections }));
  rooms.sort((a, b) => b.connections - a.connections || a.room.localeCompare(b.room));
  return { total: totals.connections, authenticated: totals.authenticated, edges: totals.edges, rooms };
}

/** The edge's ops endpoint (the ops page at /admin reads it): what GetConnectionStats sums, per edge and per room. */
export function adminRoutes(edgeStats: EdgeStatsUseCase) {
  return (router: HttpRouter<Principal>): void => {
    router.add({
      method: 'get',
      path: '/v1/admin/connections',
      tag: 'admin',
      summary: 'Connections over every edge: per edge, signed in, per room (admin role)',
      auth: true,
      responses: {
        200: { description: 'The edges that answered within 300 ms', schema: ConnectionsReportSchema },
        ...ADMIN_REFUSALS,
      },
      handler: async ({ principal }) => {
        requireAdmin(principal);
        return { status: 200, body: reportOf(await edgeStats.all()) };
      },
    });
  };
}

import type { HttpRouter } from '#kernel/http/http-router';
import { ADMIN_REFUSALS, requireAdmin, type Principal } from '#contracts/auth/principal';
import type { ConsumersReportUseCase } from '../../../application/use-cases/consumers-report/consumers-report.use-case';
import { ConsumersReportSchema } from '../../../application/use-cases/consumers-report/consumers-report.schema';

/** The core's ops endpoint (the ops page at /admin reads it). */
export function adminRoutes(report: ConsumersReportUseCase) {
  return (router: HttpRouter<Principal>): void => {
    router.add({
      method: 'get',
      path: '/v1/admin/consumers',
      tag: 'admin',
      summary: 'The durable JetStream consumers of this core (lag, unacknowledged, redelivered) and the dead letters per source (admin role)',
      auth: true,
      responses: {
        200: { description: 'As JetStream counts them now', schema: ConsumersReportSchema },
        ...ADMIN_REFUSALS,
        503: { description: 'NATS is unavailable' },
      },
      handler: async ({ principal }) => {
        requireAdmin(principal);
        return { status: 200, body: await report.run() };
      },
    });
  };
}

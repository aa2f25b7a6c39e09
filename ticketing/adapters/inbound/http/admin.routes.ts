import type { HttpRouter } from '#kernel/http/http-router';
import { ADMIN_REFUSALS, requireAdmin, type Principal } from '#contracts/auth/principal';
import type { QueueDepthUseCase } from '../../../application/use-cases/queue-depth/queue-depth.use-case';
import { QueueDepthSchema } from '../../../application/use-cases/queue-depth/queue-depth.schema';

/** Ticketing's ops endpoint (the ops page at /admin reads it). */
export function adminRoutes(queueDepth: QueueDepthUseCase) {
  return (router: HttpRouter<Principal>): void => {
    router.add({
      method: 'get',
      path: '/v1/admin/queue',
      tag: 'admin',
      summary: 'The booking queue’s depth: waiting, active, delayed, failed (admin role)',
      auth: true,
      responses: {
        200: { description: 'As Redis holds the queue now', schema: QueueDepthSchema },
        ...ADMIN_REFUSALS,
        503: { description: 'Redis is unavailable' },
      },
      handler: async ({ principal }) => {
        requireAdmin(principal);
        return { status: 200, body: await queueDepth.run() };
      },
    });
  };
}

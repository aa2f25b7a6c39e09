import { z } from 'zod';
import type { Registry } from 'prom-client';
import { checkReadiness, type ReadinessCheck } from '../lifecycle/readiness';
import type { HttpRouter } from './http-router';

const TAG = 'operations';

const HealthSchema = z
  .object({ status: z.literal('ok'), service: z.string().meta({ example: 'ticketing' }) })
  .meta({ id: 'Health' });

const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    down: z.array(z.string()).meta({ description: 'the dependencies that did not answer', example: [] }),
    checks: z.record(z.string(), z.enum(['up', 'down'])).meta({ example: { postgres: 'up', redis: 'up', nats: 'up', auth: 'up' } }),
  })
  .catchall(z.unknown())
  .meta({ id: 'Readiness', description: 'Beside the checks, facts of the service (the core: search index lag)' });

const METRICS_EXAMPLE = '# HELP http_requests_total HTTP requests by route and status\n# TYPE http_requests_total counter\nhttp_requests_total{method="GET",route="/health",status="200"} 12\n';

export interface ProbeOptions {
  service: string;
  metrics: Registry;
  readiness: ReadinessCheck[];
  readinessFacts?: () => Record<string, unknown>;
}

/** Liveness, readiness and the Prometheus scrape, documented like the API so the page lists every route. */
export function probeRoutes(options: ProbeOptions) {
  return <Caller>(router: HttpRouter<Caller>): void => {
    router.add({
      method: 'get',
      path: '/health',
      tag: TAG,
      summary: 'Liveness: the process answers',
      responses: { 200: { description: 'Alive', schema: HealthSchema } },
      handler: async () => ({ status: 200, body: { status: 'ok', service: options.service } }),
    });
    router.add({
      method: 'get',
      path: '/ready',
      tag: TAG,
      summary: 'Readiness: every dependency answers (each check has two seconds)',
      responses: { 200: { description: 'Ready', schema: ReadinessSchema }, 503: { description: 'A dependency is down: `down` names it', schema: ReadinessSchema } },
      handler: async () => {
        const report = await checkReadiness(options.readiness);
        return { status: report.ready ? 200 : 503, body: { status: report.ready ? 'ready' : 'unavailable', down: report.down, checks: report.checks, ...options.readinessFacts?.() } };
      },
    });
    router.add({
      method: 'get',
      path: '/metrics',
      tag: TAG,
      summary: 'Prometheus metrics (text exposition format)',
      responses: { 200: { description: 'The metrics', contentType: 'text/plain', example: METRICS_EXAMPLE } },
      handler: async () => ({ status: 200, body: await options.metrics.metrics(), contentType: options.metrics.contentType }),
    });
  };
}

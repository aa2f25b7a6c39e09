import type { CoreContext, CoreModule, DurableConsumerName } from '../core-module';
import * as T from './tokens';
import { JetStreamConsumerStats } from './adapters/outbound/jetstream/jetstream-consumer.stats';
import { adminRoutes } from './adapters/inbound/http/admin.routes';
import { ConsumersReportUseCase } from './application/use-cases/consumers-report/consumers-report.use-case';

/**
 * Ops in the core: `GET /v1/admin/consumers` reports the durable consumers the other modules run
 * (`consumers`) and the dead letters in stream DLQ. Read-only; runs nothing of its own.
 */
export function registerOps(ctx: CoreContext, consumers: readonly DurableConsumerName[]): CoreModule {
  const c = ctx.container;
  c.register(T.CONSUMER_STATS, { useValue: new JetStreamConsumerStats(ctx.nc, ctx.config.NAME_PREFIX) });
  c.register(T.CORE_CONSUMERS, { useValue: consumers });
  return {
    name: 'ops',
    routes: adminRoutes(c.resolve(ConsumersReportUseCase)),
    translateError: () => undefined,
    consumers: [],
    start: async () => undefined,
    stop: async () => undefined,
  };
}

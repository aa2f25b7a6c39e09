import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../logging/logger';
import { translateInfrastructureError } from '../errors/infrastructure-errors';
import { withTimeout } from './timeout';
import { OutageLog } from './outage-log';

const METRIC = 'realtime_degraded_total';

/**
 * A convenience that goes on without its dependency (presence without Redis, login rate limits
 * counted in-process): each time it does, `realtime_degraded_total{dependency, feature}` counts
 * one, and the outage is logged as it starts, while it lasts and when it ends (OutageLog).
 */
export class Degradation {
  private readonly outage: OutageLog;
  private readonly counter: Counter<'dependency' | 'feature'>;

  constructor(
    logger: Logger,
    registry: Registry,
    private readonly dependency: string,
    private readonly feature: string,
    /** Longer than this, the dependency counts as away (a command queued for a reconnect must not hold the caller). */
    private readonly patienceMs = 500,
  ) {
    this.outage = new OutageLog(logger, `${dependency} (${feature})`);
    this.counter =
      (registry.getSingleMetric(METRIC) as Counter<'dependency' | 'feature'> | undefined) ??
      new Counter({ name: METRIC, help: 'Operations that went on without a dependency (degraded), by dependency and feature', labelNames: ['dependency', 'feature'], registers: [registry] });
  }

  /** `work`'s answer, or `fallback()`'s when the dependency is away or too slow; other errors pass through. */
  async attempt<T>(work: () => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    try {
      const result = await withTimeout(work(), this.patienceMs, () => Object.assign(new Error(`${this.dependency} did not answer within ${this.patienceMs} ms`), { name: 'TimeoutError' }));
      this.outage.recovered();
      return result;
    } catch (error) {
      if (!translateInfrastructureError(error)) throw error;
      this.counter.inc({ dependency: this.dependency, feature: this.feature });
      this.outage.failed(error);
      return fallback();
    }
  }
}

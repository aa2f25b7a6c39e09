import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per service, so that several services in one process never collide and each
 * `/metrics` shows its own series. Process metrics are labelled with the service name.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { createLogger } from '#kernel/logging/logger';
import { Degradation } from '#kernel/lifecycle/degradation';
import { InMemoryAvailabilityGate } from '../memory/in-memory-availability.gate';
import { BestEffortAvailabilityGate } from './best-effort-availability.gate';

describe('BestEffortAvailabilityGate', () => {
  const registry = new Registry();
  const store = new InMemoryAvailabilityGate();
  const gate = new BestEffortAvailabilityGate(store, new Degradation(createLogger('test', 'silent'), registry, 'Redis', 'availability gate', 100));

  afterEach(() => {
    store.unavailable = false;
  });

  it('answers what the gate answers while its store is there', async () => {
    const eventId = randomUUID();
    expect(await gate.take(eventId, 100)).toEqual({ taken: true });
    expect(await gate.take(eventId, 100)).toMatchObject({ taken: false });
  });

  it('counts every gate as open while its store is away (each core keeps its own window), counted as degraded', async () => {
    store.unavailable = true;
    const eventId = randomUUID();
    expect(await gate.take(eventId, 100)).toEqual({ taken: true });
    expect(await gate.take(eventId, 100)).toEqual({ taken: true });
    expect(await registry.getSingleMetricAsString('realtime_degraded_total')).toContain('realtime_degraded_total{dependency="Redis",feature="availability gate"} 2');
  });
});

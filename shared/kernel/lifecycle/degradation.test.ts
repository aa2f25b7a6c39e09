import { Registry } from 'prom-client';
import { createLogger } from '../logging/logger';
import { Degradation } from './degradation';

const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }));

describe('Degradation', () => {
  const registry = new Registry();
  const degradation = new Degradation(createLogger('test', 'silent'), registry, 'Redis', 'presence', 50);
  const count = async () => (await registry.getSingleMetricAsString('realtime_degraded_total')).match(/feature="presence"} (\d+)/)?.[1];

  it("answers the work's result while the dependency answers", async () => {
    expect(await degradation.attempt(async () => 'from redis', () => 'fallback')).toBe('from redis');
  });

  it('answers the fallback, counted, when the dependency is away or slower than its patience', async () => {
    expect(await degradation.attempt(refused, () => 'fallback')).toBe('fallback');
    expect(await degradation.attempt(() => new Promise((resolve) => setTimeout(resolve, 500, 'late')), () => 'fallback')).toBe('fallback');
    expect(await count()).toBe('2');
  });

  it('lets any other failure through: a bug is not an outage', async () => {
    await expect(degradation.attempt(() => Promise.reject(new TypeError('bug')), () => 'fallback')).rejects.toThrow('bug');
  });

  it('a second degradation of the same service shares the metric', async () => {
    const other = new Degradation(createLogger('test', 'silent'), registry, 'Redis', 'login rate limit', 50);
    await other.attempt(refused, () => undefined);
    expect(await registry.getSingleMetricAsString('realtime_degraded_total')).toContain('feature="login rate limit"} 1');
  });
});

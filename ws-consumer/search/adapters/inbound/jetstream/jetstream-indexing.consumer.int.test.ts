import { Registry } from 'prom-client';
import { jetstream } from '@nats-io/jetstream';
import { createLogger } from '#kernel/logging/logger';
import { DeadLetters } from '#kernel/nats/jetstream-consumers';
import { deadLetterStream, ensureStreams, eventStream } from '#kernel/nats/jetstream-streams';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { eventually } from '../../../../../test/support/eventually';
import { JetStreamIndexingConsumer, type IndexFeed } from './jetstream-indexing.consumer';

/**
 * The indexing consumer while its index (or the database behind it) is away: the batch in hand
 * is held and retried, nothing acked before the index took it, nothing lost or dead-lettered.
 */
describe('JetStreamIndexingConsumer through an index outage (real JetStream)', () => {
  let infra: TestInfra;
  beforeAll(async () => {
    infra = await connectTestInfra();
  });
  afterAll(() => infra.close());

  it('retries the batch while writes fail with a connection error, then indexes every message once it is back', async () => {
    const stream = `${infra.prefix}IDX`;
    await ensureStreams(infra.nc, [eventStream(stream, `${infra.prefix}idx.>`, 1), deadLetterStream(infra.prefix)]);
    const indexed: string[] = [];
    let failures = 0;
    const feed: IndexFeed<string> = {
      index: 'users',
      stream,
      durable: `${infra.prefix}idx`,
      filterSubject: `${infra.prefix}idx.>`,
      parse: (msg) => msg.string(),
      write: async (items) => {
        if (failures < 3) {
          failures++;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        indexed.push(...items);
      },
    };
    const registry = new Registry();
    const consumer = new JetStreamIndexingConsumer(infra.nc, feed, new DeadLetters(infra.nc, infra.prefix, 'search', createLogger('test', 'silent'), registry), { batchMax: 50, maxDeliver: 2, ackWaitSeconds: 5, lagEveryMs: 100 }, createLogger('test', 'silent'), registry);
    await consumer.start();
    try {
      const js = jetstream(infra.nc);
      for (let i = 0; i < 20; i++) await js.publish(`${infra.prefix}idx.doc`, `doc ${i}`);
      await eventually(async () => (indexed.length >= 20 ? true : undefined), 15_000, 'every document indexed');
      expect(failures).toBe(3);
      expect([...new Set(indexed)].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `doc ${i}`).sort());
      await eventually(async () => (consumer.lag === 0 ? true : undefined), 5_000, 'no lag');
      expect(await registry.getSingleMetricAsString('realtime_dead_letters_total')).not.toMatch(/context="search"/);
    } finally {
      await consumer.stop();
    }
  }, 30_000);
});

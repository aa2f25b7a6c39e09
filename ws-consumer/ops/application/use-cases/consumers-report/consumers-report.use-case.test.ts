import 'reflect-metadata';
import { container } from 'tsyringe';
import type { ConsumerState, ConsumerStatsPort } from '../../ports/consumer-stats.port';
import { CONSUMER_STATS, CORE_CONSUMERS } from '../../../tokens';
import { ConsumersReportUseCase } from './consumers-report.use-case';

/** JetStream as a table: the consumers that exist, and the dead letters per source. */
function statsOf(consumers: Record<string, ConsumerState>, deadLetters: Record<string, number>): ConsumerStatsPort {
  return { consumer: async (stream, durable) => consumers[`${stream}/${durable}`] ?? null, deadLetters: async () => deadLetters };
}

function reportOf(stats: ConsumerStatsPort, consumers: { stream: string; durable: string }[]) {
  const c = container.createChildContainer();
  c.register(CONSUMER_STATS, { useValue: stats });
  c.register(CORE_CONSUMERS, { useValue: consumers });
  return c.resolve(ConsumersReportUseCase).run();
}

describe('ConsumersReportUseCase', () => {
  it('reports each consumer in the order the modules run them, null for one that does not exist yet, and dead letters by source', async () => {
    const stats = statsOf({ 'CHAT/core-persist': { pending: 4, ackPending: 2, redelivered: 1 } }, { search: 1, chat: 3 });
    expect(await reportOf(stats, [{ stream: 'CHAT', durable: 'core-persist' }, { stream: 'FEED', durable: 'core-feed-posts' }])).toEqual({
      consumers: [
        { stream: 'CHAT', durable: 'core-persist', num_pending: 4, num_ack_pending: 2, num_redelivered: 1 },
        { stream: 'FEED', durable: 'core-feed-posts', num_pending: null, num_ack_pending: null, num_redelivered: null },
      ],
      dead_letters: [
        { source: 'chat', count: 3 },
        { source: 'search', count: 1 },
      ],
    });
  });
});

import { inject, injectable } from 'tsyringe';
import type { ConsumerStatsPort } from '../../ports/consumer-stats.port';
import { CONSUMER_STATS, CORE_CONSUMERS } from '../../../tokens';
import type { ConsumersReport } from './consumers-report.schema';

/** The lag of every durable consumer the core's modules run, and the dead letters per source (the ops page). */
@injectable()
export class ConsumersReportUseCase {
  constructor(
    @inject(CONSUMER_STATS) private readonly stats: ConsumerStatsPort,
    @inject(CORE_CONSUMERS) private readonly consumers: readonly { stream: string; durable: string }[],
  ) {}

  async run(): Promise<ConsumersReport> {
    const consumers = await Promise.all(
      this.consumers.map(async ({ stream, durable }) => {
        const state = await this.stats.consumer(stream, durable);
        return { stream, durable, num_pending: state?.pending ?? null, num_ack_pending: state?.ackPending ?? null, num_redelivered: state?.redelivered ?? null };
      }),
    );
    const deadLetters = Object.entries(await this.stats.deadLetters()).map(([source, count]) => ({ source, count }));
    deadLetters.sort((a, b) => a.source.localeCompare(b.source));
    return { consumers, dead_letters: deadLetters };
  }
}

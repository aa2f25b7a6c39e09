import type { NatsConnection } from '@nats-io/transport-node';
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { deadLetterNames } from '#kernel/nats/jetstream-streams';
import type { ConsumerState, ConsumerStatsPort } from '../../../application/ports/consumer-stats.port';

const missing = (error: unknown, code: number) => error instanceof JetStreamApiError && error.code === code;

/** Consumer info and the DLQ stream's message count per subject (`dlq.<context>`), from the JetStream API. */
export class JetStreamConsumerStats implements ConsumerStatsPort {
  private jsm: JetStreamManager | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
  ) {}

  async consumer(stream: string, durable: string): Promise<ConsumerState | null> {
    try {
      const info = await (await this.manager()).consumers.info(stream, durable);
      return { pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered };
    } catch (error) {
      if (missing(error, JetStreamApiCodes.ConsumerNotFound) || missing(error, JetStreamApiCodes.StreamNotFound)) return null;
      throw error;
    }
  }

  async deadLetters(): Promise<Record<string, number>> {
    const names = deadLetterNames(this.prefix);
    let subjects: Record<string, number>;
    try {
      subjects = (await (await this.manager()).streams.info(names.stream, { subjects_filter: names.subjects })).state.subjects ?? {};
    } catch (error) {
      if (missing(error, JetStreamApiCodes.StreamNotFound)) return {};
      throw error;
    }
    const context = names.subject('');
    return Object.fromEntries(Object.entries(subjects).map(([subject, count]) => [subject.slice(context.length), count]));
  }

  private async manager(): Promise<JetStreamManager> {
    this.jsm ??= await jetstreamManager(this.nc);
    return this.jsm;
  }
}

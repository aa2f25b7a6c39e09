import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import { translateInfrastructureError } from '#kernel/errors/infrastructure-errors';
import { ensureDurableConsumer, type DeadLetters } from '#kernel/nats/jetstream-consumers';
import type { SearchIndexName } from '../../../domain/search-documents';
import { MessagesNotYetStored } from '../../../application/use-cases/index-documents/index-messages.use-case';

/** One durable consumer feeding one index: which stream, which subjects, how each message reads. */
export interface IndexFeed<T> {
  index: SearchIndexName;
  stream: string;
  durable: string;
  filterSubject: string;
  /** The message's item, undefined when it is not one for this index (acked and skipped); the dead letters take malformed ones. */
  parse(msg: JsMsg, deadLetters: DeadLetters): T | undefined | 'dead-lettered';
  /** Indexes a batch; throwing leaves the whole batch for redelivery. */
  write(items: T[]): Promise<void>;
}

export interface IndexingConsumerOptions {
  batchMax: number;
  maxDeliver: number;
  ackWaitSeconds: number;
  /** How often the lag (messages of the stream not yet indexed) is sampled. Default 5 s. */
  lagEveryMs?: number;
}

const RETRY_MS = { first: 200, longest: 2_000 };

/**
 * A durable pull consumer that keeps one search index current: messages gather in a buffer and
 * are indexed a batch at a time (upserts by key, so a redelivered batch indexes nothing twice),
 * acked after the index took them. An index or database outage, or messages chat has not stored
 * yet, hold the batch and retry it; a malformed message is dead-lettered. From the stream's
 * start, so a new deployment indexes everything the streams still hold.
 */
export class JetStreamIndexingConsumer<T> {
  private readonly buffer: JsMsg[] = [];
  private messages: ConsumerMessages | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private readonly outage: OutageLog;
  private readonly metrics;
  /** Messages of the stream not yet indexed, at the last sample (undefined before the first). */
  lag: number | undefined;

  constructor(
    private readonly nc: NatsConnection,
    readonly feed: IndexFeed<T>,
    private readonly deadLetters: DeadLetters,
    private readonly options: IndexingConsumerOptions,
    logger: Logger,
    registry: Registry,
  ) {
    this.outage = new OutageLog(logger, `search index (${feed.index})`);
    this.metrics = {
      lag: (registry.getSingleMetric('realtime_search_index_lag') as Gauge<'index'> | undefined) ?? new Gauge({ name: 'realtime_search_index_lag', help: 'Messages of the source stream not yet in the search index', labelNames: ['index'], registers: [registry] }),
      indexed: (registry.getSingleMetric('realtime_search_indexed_total') as Counter<'index'> | undefined) ?? new Counter({ name: 'realtime_search_indexed_total', help: 'Stream messages indexed for search', labelNames: ['index'], registers: [registry] }),
    };
  }

  get index(): SearchIndexName {
    return this.feed.index;
  }

  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await ensureDurableConsumer(jsm, this.feed.stream, {
      durable_name: this.feed.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: this.options.ackWaitSeconds * 1_000_000_000,
      max_deliver: -1,
      max_ack_pending: this.options.batchMax * 4,
      filter_subject: this.feed.filterSubject,
    });
    const consumer = await jetstream(this.nc).consumers.get(this.feed.stream, this.feed.durable);
    this.running = true;
    this.messages = await consumer.consume({
      max_messages: this.options.batchMax * 2,
      callback: (msg) => {
        this.buffer.push(msg);
        this.wake?.();
      },
    });
    this.loop = this.run();
    this.lagTimer = setInterval(() => void this.sampleLag(jsm), this.options.lagEveryMs ?? 5_000);
    this.lagTimer.unref();
    await this.sampleLag(jsm);
  }

  /** Stops taking messages and finishes the batch in hand; buffered messages are redelivered later. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.lagTimer);
    await this.messages?.close();
    this.wake?.();
    await this.loop;
    for (const msg of this.buffer.splice(0)) msg.nak();
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.buffer.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      await this.indexBatch(this.buffer.splice(0, this.options.batchMax));
    }
  }

  private async indexBatch(batch: JsMsg[]): Promise<void> {
    const taken: { msg: JsMsg; item: T }[] = [];
    for (const msg of batch) {
      const item = this.feed.parse(msg, this.deadLetters);
      if (item === undefined) msg.ack();
      else if (item !== 'dead-lettered') taken.push({ msg, item });
    }
    for (let retry = 0; taken.length > 0 && this.running; retry++) {
      try {
        await this.feed.write(taken.map((t) => t.item));
        this.outage.recovered({ batch: taken.length });
        for (const { msg } of taken) msg.ack();
        this.metrics.indexed.inc({ index: this.feed.index }, taken.length);
        return;
      } catch (error) {
        if (!(error instanceof MessagesNotYetStored) && !translateInfrastructureError(error)) {
          for (const { msg } of taken) this.deadLetters.retryOrDeadLetter(msg, error, this.options.maxDeliver, 'index_failed');
          return;
        }
        this.outage.failed(error, { batch: taken.length });
        for (const { msg } of taken) msg.working();
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MS.first * 2 ** retry, RETRY_MS.longest)));
      }
    }
    // Stopped while retrying: the batch is redelivered to whichever core takes it.
    for (const { msg } of taken) msg.nak();
  }

  private async sampleLag(jsm: JetStreamManager): Promise<void> {
    try {
      const info = await jsm.consumers.info(this.feed.stream, this.feed.durable);
      this.lag = info.num_pending + info.num_ack_pending;
      this.metrics.lag.set({ index: this.feed.index }, this.lag);
    } catch {
      // NATS away: the last sample stands; /ready reports the outage.
    }
  }
}

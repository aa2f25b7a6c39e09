import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { ZodType } from 'zod';
import type { Logger } from '../logging/logger';
import { OutageLog } from '../lifecycle/outage-log';
import { translateInfrastructureError } from '../errors/infrastructure-errors';
import { ensureDurableConsumer, type DeadLetters } from './jetstream-consumers';

/** Where a sequential consumer reads, and how patient it is. */
export interface SequentialConsumerOptions {
  stream: string;
  durable: string;
  filterSubject: string;
  /** Deliveries of one message that fails on its own (not an outage) before it is dead-lettered. */
  maxDeliver: number;
  /** Seconds JetStream waits for an ack before it redelivers. */
  ackWaitSeconds: number;
  /** Messages out at once across every process (1: one at a time, in stream order, whoever holds it). Default: the server's. */
  maxAckPending?: number;
  /** What a message needs that may be away, for the outage log ("PostgreSQL (making event rooms)"). */
  dependency: string;
  /** The dead-letter reason of a message that kept failing (`<failure>: <error>`). */
  failure: string;
}

/**
 * A durable pull consumer from the stream's start that handles one message at a time: each is
 * parsed with `schema` (malformed ones are dead-lettered), handled, then acked. `handle` answers
 * a dead-letter reason for a message that can never succeed; throwing retries the message, a
 * dependency being away waited out (nak with backoff, logged as one outage), any other failure at
 * most `maxDeliver` times.
 */
export abstract class SequentialConsumer<T> {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private readonly outage: OutageLog;

  protected constructor(
    private readonly nc: NatsConnection,
    private readonly schema: ZodType<T>,
    private readonly deadLetters: DeadLetters,
    private readonly options: SequentialConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.outage = new OutageLog(logger, options.dependency);
  }

  /** Handles one message's item; answers a dead-letter reason when the message can never succeed. */
  protected abstract handle(item: T): Promise<string | undefined>;

  async start(): Promise<void> {
    const { stream, durable, filterSubject, ackWaitSeconds, maxAckPending } = this.options;
    await ensureDurableConsumer(await jetstreamManager(this.nc), stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: ackWaitSeconds * 1_000_000_000,
      // Unbounded at the server: an outage must not use up deliveries; the bound is retryOrDeadLetter's.
      max_deliver: -1,
      ...(maxAckPending ? { max_ack_pending: maxAckPending } : {}),
      filter_subject: filterSubject,
    });
    const consumer = await jetstream(this.nc).consumers.get(stream, durable);
    this.messages = await consumer.consume({ max_messages: 100 });
    this.loop = this.run(this.messages);
  }

  /** Stops taking messages and finishes the one in hand; the rest are redelivered later. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) await this.settle(msg);
  }

  private async settle(msg: JsMsg): Promise<void> {
    const item = this.deadLetters.parse(msg, this.schema);
    if (item === undefined) return;
    try {
      const refusal = await this.handle(item);
      this.outage.recovered();
      if (refusal) this.deadLetters.send(msg, refusal);
      else msg.ack();
    } catch (error) {
      if (translateInfrastructureError(error)) this.outage.failed(error);
      else this.logger.warn({ err: error, streamSeq: msg.seq }, `${this.options.failure}: retrying`);
      this.deadLetters.retryOrDeadLetter(msg, error, this.options.maxDeliver, this.options.failure);
    }
  }
}

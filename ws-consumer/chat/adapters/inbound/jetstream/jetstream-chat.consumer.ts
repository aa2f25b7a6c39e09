import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Logger } from '#kernel/logging/logger';
import { translateInfrastructureError } from '#kernel/errors/infrastructure-errors';
import { ConsumerLag, ensureDurableConsumer, type DeadLetters } from '#kernel/nats/jetstream-consumers';
import { ChatPublishSchema } from '#contracts/chat/chat-payloads';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { IncomingMessage } from '../../../domain/message.entity';
import type { PersistMessagesUseCase } from '../../../application/use-cases/persist-messages/persist-messages.use-case';
import type { PersistOutcome } from '../../../application/ports/message-store.port';
import { OutageLog } from '#kernel/lifecycle/outage-log';

export interface ChatConsumerOptions {
  /** Most messages persisted in one transaction. Default 500. */
  batchMax: number;
  /** Deliveries of one message before it is dead-lettered. Default 5. */
  maxDeliver: number;
  /**
   * Seconds JetStream waits for an ack before it redelivers (to another core: this one may have
   * died). Short, so a dead core's messages move on within seconds; messages held here are kept
   * alive with working() meanwhile. Default 5.
   */
  ackWaitSeconds: number;
}

/** Backoff while the database is away: from the first retry to the longest wait between two. */
const OUTAGE_RETRY_MS = { first: 200, longest: 2_000 };

interface Parsed {
  msg: JsMsg;
  message: IncomingMessage;
}

/**
 * The durable pull consumer on CHAT. Messages arrive through `consume()` into a buffer; one loop
 * takes what has accumulated (up to batchMax) and persists it as one batch, so batches grow with
 * load and latency stays low when idle. A message is acked only after its batch committed. While
 * the database is away the batch in hand is retried, in stream order, until it is back: nothing
 * is reordered or dead-lettered by an outage.
 */
export class JetStreamChatConsumer {
  private readonly buffer: JsMsg[] = [];
  /** The batch being persisted (also kept alive while it waits). */
  private inHand: JsMsg[] = [];
  private keepAlive: NodeJS.Timeout | undefined;
  private readonly outage: OutageLog;
  private wake: (() => void) | undefined;
  private consumer: Consumer | undefined;
  /** The open consume(); undefined while pulling is paused (a database outage). */
  private messages: ConsumerMessages | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly metrics;
  private readonly lag: ConsumerLag;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
    private readonly persist: PersistMessagesUseCase,
    /** Chat's (dlq.chat): bad JSON or schema, unknown rooms, messages that kept failing. */
    private readonly deadLetters: DeadLetters,
    private readonly options: ChatConsumerOptions,
    private readonly logger: Logger,
    registry: Registry,
  ) {
    this.outage = new OutageLog(logger, 'PostgreSQL (persisting messages)');
    this.lag = new ConsumerLag(registry, 'realtime_consumer', 'the persisting consumer on CHAT');
    this.metrics = {
      batch: new Histogram({ name: 'realtime_consumer_batch_size', help: 'Messages per persisted batch', buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000], registers: [registry] }),
      persist: new Histogram({ name: 'realtime_consumer_persist_seconds', help: 'Time to persist one batch', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry] }),
      persisted: new Counter({ name: 'realtime_messages_persisted_total', help: 'Messages stored', labelNames: ['outcome'], registers: [registry] }),
    };
  }

  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await ensureDurableConsumer(jsm, this.names.chatStream, {
      durable_name: this.names.chatConsumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: this.options.ackWaitSeconds * 1_000_000_000,
      // Unbounded at the server: a database outage must never exhaust deliveries of acknowledged
      // messages. The bound (maxDeliver) applies in retryOrDeadLetter to failures of the message itself.
      max_deliver: -1,
      max_ack_pending: 20_000,
      filter_subject: this.names.chatSubjects,
    });
    this.consumer = await jetstream(this.nc).consumers.get(this.names.chatStream, this.names.chatConsumer);
    this.running = true;
    await this.pull();
    this.loop = this.run();
    this.lag.follow(jsm, this.names.chatStream, this.names.chatConsumer);
    // Everything held here (buffered or being persisted) stays ours while we work on it.
    this.keepAlive = setInterval(() => {
      for (const msg of this.inHand) msg.working();
      for (const msg of this.buffer) msg.working();
    }, (this.options.ackWaitSeconds * 1000) / 3);
    this.keepAlive.unref();
  }

  /** Stops taking messages, finishes the batch in hand; unacked buffered messages are redelivered later. */
  async stop(): Promise<void> {
    this.running = false;
    this.lag.stop();
    await this.messages?.close();
    this.wake?.();
    await this.loop;
    // Only now: the batch that was being committed stays ours until it is acked.
    clearInterval(this.keepAlive);
    for (const msg of this.buffer.splice(0)) msg.nak();
  }

  /** Takes messages from the durable consumer into the buffer (pull requests for up to 2 × batchMax ahead). */
  private async pull(): Promise<void> {
    this.messages = await (this.consumer as Consumer).consume({
      max_messages: this.options.batchMax * 2,
      callback: (msg) => {
        this.buffer.push(msg);
        this.wake?.();
      },
    });
  }

  /**
   * While the database is away, this core takes no more messages: consume() asks for more as
   * messages arrive, not as they are acked, so the buffer would grow to max_ack_pending (shared by
   * every core) and starve the cores that can still write. What was pulled stays buffered, in order.
   */
  private async pausePulling(): Promise<void> {
    const messages = this.messages;
    this.messages = undefined;
    await messages?.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.buffer.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      await this.processBatch(this.buffer.splice(0, this.options.batchMax));
    }
  }

  private async processBatch(batch: JsMsg[]): Promise<void> {
    const valid: Parsed[] = [];
    for (const msg of batch) {
      const parsed = this.parse(msg);
      if (parsed) valid.push(parsed);
    }
    if (valid.length === 0) return;
    this.metrics.batch.observe(valid.length);
    this.inHand = valid.map((v) => v.msg);
    try {
      await this.persistInOrder(valid);
    } finally {
      this.inHand = [];
    }
  }

  /** Persists a batch, waiting out a database outage with the same batch (order kept), then acks. */
  private async persistInOrder(valid: Parsed[]): Promise<void> {
    for (let retry = 0; ; retry++) {
      const end = this.metrics.persist.startTimer();
      try {
        const outcome = await this.persist.run(valid.map((v) => v.message));
        end();
        this.outage.recovered({ batch: valid.length });
        if (!this.messages && this.running) await this.pull();
        return this.settle(valid, outcome);
      } catch (error) {
        if (!translateInfrastructureError(error) || !this.running) return this.failed(valid, error);
        if (this.messages) await this.pausePulling();
        this.outage.failed(error, { waiting: valid.length + this.buffer.length, oldest_waiting_ms: Date.now() - valid[0].msg.info.timestampNanos / 1e6 });
        await new Promise((resolve) => setTimeout(resolve, Math.min(OUTAGE_RETRY_MS.first * 2 ** retry, OUTAGE_RETRY_MS.longest)));
      }
    }
  }

  /** Acks what the commit stored (or already had); dead-letters messages for rooms that do not exist. */
  private settle(valid: Parsed[], outcome: PersistOutcome): void {
    const unknown = new Set(outcome.unknownRoom.map((m) => m.messageId));
    for (const { msg, message } of valid) {
      if (unknown.has(message.messageId)) this.deadLetters.send(msg, 'unknown_room');
      else msg.ack();
    }
    this.metrics.persisted.inc({ outcome: 'stored' }, outcome.stored.length);
    this.metrics.persisted.inc({ outcome: 'duplicate' }, outcome.duplicates.length);
  }

  /**
   * A failure of the batch itself (not an outage). One bad message must not hold back (or
   * dead-letter) the others of its batch: they are retried one by one, so only the message that
   * fails on its own is retried or dead-lettered. Stopping mid-outage leaves them to redelivery.
   */
  private async failed(valid: Parsed[], error: unknown): Promise<void> {
    if (valid.length > 1 && !translateInfrastructureError(error)) {
      this.logger.warn({ err: error, batch: valid.length }, 'persisting a batch failed; retrying its messages one by one');
      for (const one of valid) await this.persistInOrder([one]);
      return;
    }
    this.logger.warn({ err: error, batch: valid.length }, 'persisting failed; messages will be redelivered');
    // A database outage is waited out; any other failure is the message's own and is retried at most maxDeliver times.
    for (const { msg } of valid) this.deadLetters.retryOrDeadLetter(msg, error, this.options.maxDeliver, 'persist_failed');
  }

  private parse(msg: JsMsg): Parsed | undefined {
    const p = this.deadLetters.parse(msg, ChatPublishSchema);
    if (!p) return undefined;
    return { msg, message: { messageId: p.message_id, room: p.room, senderId: p.sender_id, body: p.body, clientMsgId: p.client_msg_id, streamSeq: msg.seq } };
  }
}

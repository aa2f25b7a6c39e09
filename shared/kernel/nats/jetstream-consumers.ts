import { headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type ConsumerConfig, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ZodType } from 'zod';
import type { Logger } from '../logging/logger';
import { translateInfrastructureError } from '../errors/infrastructure-errors';
import { deadLetterNames } from './jetstream-streams';

/** A durable consumer as a context declares it. */
export type DurableConsumerConfig = Partial<ConsumerConfig> & { durable_name: string };

/**
 * Creates the durable consumer, or, when it exists (made by another process or an earlier
 * version), updates it to this configuration: every process that consumes calls this, so any of
 * them may start first and the newest settings (ack wait above all) win. What the server cannot
 * change on an existing consumer (its start, its filter) is left as it is.
 */
export async function ensureDurableConsumer(jsm: JetStreamManager, stream: string, config: DurableConsumerConfig): Promise<void> {
  try {
    await jsm.consumers.add(stream, config);
  } catch (error) {
    if (!/consumer name already in use|already exists/i.test(String((error as Error).message))) throw error;
    const { durable_name: _name, deliver_policy: _deliver, filter_subject: _filter, ...changeable } = config;
    await jsm.consumers.update(stream, config.durable_name, changeable);
  }
}

const DEAD_LETTERS_METRIC = 'realtime_dead_letters_total';

/** How long a failing message waits before its next delivery: 1 s, 2 s, 4 s, then 5 s. */
const retryBackoffMs = (msg: JsMsg) => Math.min(500 * 2 ** Math.min(msg.info.deliveryCount, 4), 5_000);

/**
 * The dead letters of one context's consumers: a message that can never succeed goes to stream
 * DLQ (`dlq.<context>`) with the reason in headers and is terminated, so it never blocks the
 * stream; `realtime_dead_letters_total{context, reason}` counts it.
 */
export class DeadLetters {
  private readonly js: JetStreamClient;
  private readonly subject: string;
  private readonly counter: Counter<'context' | 'reason'>;

  constructor(
    nc: NatsConnection,
    prefix: string,
    private readonly context: string,
    private readonly logger: Logger,
    registry: Registry,
  ) {
    this.js = jetstream(nc);
    this.subject = deadLetterNames(prefix).subject(context);
    // One counter for every context of the process (they share the registry).
    this.counter =
      (registry.getSingleMetric(DEAD_LETTERS_METRIC) as Counter<'context' | 'reason'> | undefined) ??
      new Counter({ name: DEAD_LETTERS_METRIC, help: 'Messages sent to the dead-letter stream, by context and reason', labelNames: ['context', 'reason'], registers: [registry] });
  }

  /** The message's JSON payload if `schema` accepts it; otherwise the message is dead-lettered (invalid_json, invalid_payload) and this is undefined. */
  parse<T>(msg: JsMsg, schema: ZodType<T>): T | undefined {
    let json: unknown;
    try {
      json = msg.json();
    } catch {
      this.send(msg, 'invalid_json');
      return undefined;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    this.send(msg, 'invalid_payload');
    return undefined;
  }

  /**
   * A dependency being away (`translateInfrastructureError`) is waited out: nak with backoff,
   * however long it takes. Any other failure is the message's own: retried until it has been
   * delivered `maxDeliver` times, then dead-lettered as `<failure>: <error message>`.
   */
  retryOrDeadLetter(msg: JsMsg, error: unknown, maxDeliver: number, failure: string): void {
    if (translateInfrastructureError(error) || msg.info.deliveryCount < maxDeliver) return void msg.nak(retryBackoffMs(msg));
    this.send(msg, `${failure}: ${(error as Error).message ?? String(error)}`.slice(0, 200));
  }

  /** Keeps the message in the DLQ stream with the reason, then stops its redelivery. */
  send(msg: JsMsg, reason: string): void {
    const h = headers();
    h.set('Rt-Dlq-Reason', reason);
    h.set('Rt-Original-Subject', msg.subject);
    // Several consumers may read one stream (TICKETING: the core's frames and its event rooms).
    h.set('Rt-Consumer', msg.info.consumer);
    h.set('Rt-Stream-Seq', String(msg.seq));
    h.set('Rt-Deliveries', String(msg.info.deliveryCount));
    this.counter.inc({ context: this.context, reason: reason.split(':')[0] });
    this.logger.warn({ reason, subject: msg.subject, streamSeq: msg.seq }, 'message dead-lettered');
    this.js.publish(this.subject, msg.data, { headers: h }).then(
      // No reason text: nats-server 2.9 does not understand "+TERM <reason>" and would redeliver.
      () => msg.term(),
      (error: unknown) => {
        // Could not store the dead letter: leave the message for redelivery rather than lose it.
        this.logger.error({ err: error }, 'dead-letter publish failed');
        msg.nak(5_000);
      },
    );
  }
}

/**
 * `<metric>_lag` (messages of the stream the consumer has not been given yet) and
 * `<metric>_ack_pending` (given but not acknowledged) of one durable consumer, sampled every 5 s.
 */
export class ConsumerLag {
  private readonly lag: Gauge;
  private readonly ackPending: Gauge;
  private timer: NodeJS.Timeout | undefined;

  /** `metric` names the gauges (`realtime_consumer` → `realtime_consumer_lag`); `consumer` says whose they are in their help. */
  constructor(registry: Registry, metric: string, consumer: string) {
    this.lag = new Gauge({ name: `${metric}_lag`, help: `Messages not yet delivered to ${consumer}`, registers: [registry] });
    this.ackPending = new Gauge({ name: `${metric}_ack_pending`, help: `Messages delivered to ${consumer} but not yet acknowledged`, registers: [registry] });
  }

  follow(jsm: JetStreamManager, stream: string, durable: string, everyMs = 5_000): void {
    this.timer = setInterval(() => void this.sample(jsm, stream, durable), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sample(jsm: JetStreamManager, stream: string, durable: string): Promise<void> {
    try {
      const info = await jsm.consumers.info(stream, durable);
      this.lag.set(info.num_pending);
      this.ackPending.set(info.num_ack_pending);
    } catch {
      // NATS away: the gauges keep their last values; /ready reports the outage.
    }
  }
}

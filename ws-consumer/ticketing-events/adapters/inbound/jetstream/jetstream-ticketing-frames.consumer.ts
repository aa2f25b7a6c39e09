import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Registry } from 'prom-client';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import { ConsumerLag, ensureDurableConsumer, type DeadLetters } from '#kernel/nats/jetstream-consumers';
import { TicketingEventSchema } from '#contracts/ticketing/ticketing-events';
import type { TicketingNames } from '#contracts/ticketing/ticketing-names';
import type { RouteTicketingEventUseCase } from '../../../application/use-cases/route-ticketing-event/route-ticketing-event.use-case';

export interface TicketingFramesConsumerOptions {
  /** Messages one fetch asks for, and the consumer's max_ack_pending: at most one batch is out across all cores. Default 256. */
  batch: number;
  /** Deliveries of one message before it is dead-lettered. Default 5 (CONSUMER_MAX_DELIVER). */
  maxDeliver: number;
  /** Seconds JetStream waits for an ack before it redelivers. A fetch lasts at most half of it (at least 1 s), since a batch is acked at its end. Default 5 (CONSUMER_ACK_WAIT). */
  ackWaitSeconds: number;
  /** About how long a core waits before asking again while another core holds the consumer's one pull request (±50 %). Default 1000. */
  standbyMs: number;
}

/** Wait between two attempts while NATS (or the consumer) is away. */
const RETRY_MS = 1_000;

/** The server's answer to a pull request while another one waits (max_waiting 1): another core is routing. */
const anotherCoreRouting = (error: unknown) => /exceeded maxwaiting/i.test(String((error as Error)?.message));

/**
 * The durable pull consumer on TICKETING that turns every event into its frame. Each user's
 * frames must reach the sockets in stream order with any number of cores, which comes from two
 * settings of the consumer and one habit of this loop:
 *
 * - max_waiting 1: the server keeps one pull request at a time, so one core takes messages while
 *   the others stand by (nats-server 2.9 hands the messages of several waiting requests out in
 *   turn, one each: two cores would each get every other message).
 * - max_ack_pending = batch: a fetch that got a whole batch leaves nothing more to deliver to
 *   anyone until that batch is acked.
 * - Each message is routed as it arrives (its frame published on this connection at once) and the
 *   batch is acked only when its fetch is over, behind every frame on the same connection. The
 *   server routes a connection's messages in order, so those frames are on their way to the edges
 *   before it sees the acks, and the next batch, whichever core gets it, is routed after them.
 *
 * What is left: a fetch that expires with fewer than a batch leaves max_ack_pending unreached, so
 * between its expiry and this core's next request a standing-by core may take the next messages
 * while this one still publishes the frames of its last. This core asks again at once, the others
 * every standbyMs or so, which makes that rare; under load fetches fill up and it does not arise.
 * A core that stops or dies loses its turn the same way, and its unacked messages come back
 * (routed again: a repeated frame) after the ack wait.
 */
export class JetStreamTicketingFramesConsumer {
  private consumer: Consumer | undefined;
  private fetching: ConsumerMessages | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  /** Ends a standby or retry wait early (stop). */
  private wake: (() => void) | undefined;
  private readonly lag: ConsumerLag;
  private readonly outage: OutageLog;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: TicketingNames,
    private readonly route: RouteTicketingEventUseCase,
    private readonly deadLetters: DeadLetters,
    private readonly options: TicketingFramesConsumerOptions,
    private readonly logger: Logger,
    registry: Registry,
  ) {
    this.lag = new ConsumerLag(registry, 'realtime_ticketing_consumer', 'the frames consumer on TICKETING');
    this.outage = new OutageLog(logger, 'NATS (routing ticketing events)');
  }

  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await ensureDurableConsumer(jsm, this.names.stream, {
      durable_name: this.names.framesConsumer,
      ack_policy: AckPolicy.Explicit,
      // Frames are live notifications: a consumer made after events were published does not
      // replay them (ticketing's HTTP API is the record). Once made, it resumes where it was.
      deliver_policy: DeliverPolicy.New,
      ack_wait: this.options.ackWaitSeconds * 1_000_000_000,
      // Bounded here, not by the server (which would drop a message silently): see handle().
      max_deliver: -1,
      max_ack_pending: this.options.batch,
      max_waiting: 1,
    });
    this.consumer = await jetstream(this.nc).consumers.get(this.names.stream, this.names.framesConsumer);
    this.running = true;
    this.loop = this.run();
    this.lag.follow(jsm, this.names.stream, this.names.framesConsumer);
  }

  /** Stops taking messages; what the current fetch delivered is routed and acked. Messages on their way when it closes come back after the ack wait. */
  async stop(): Promise<void> {
    this.running = false;
    this.lag.stop();
    this.wake?.();
    await this.fetching?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.routeBatch();
        this.outage.recovered();
      } catch (error) {
        if (!this.running) break;
        if (anotherCoreRouting(error)) {
          await this.pause(this.options.standbyMs * (0.5 + Math.random()));
        } else {
          this.outage.failed(error);
          await this.pause(RETRY_MS);
        }
      }
    }
  }

  /** One fetch: each message routed as it arrives, the batch acked once the fetch is over (see the class). */
  private async routeBatch(): Promise<void> {
    const expires = Math.max(1_000, (this.options.ackWaitSeconds * 1000) / 2);
    const batch = await (this.consumer as Consumer).fetch({ max_messages: this.options.batch, expires });
    this.fetching = batch;
    if (!this.running) await batch.close();
    const routed: JsMsg[] = [];
    try {
      for await (const msg of batch) if (this.handle(msg)) routed.push(msg);
    } finally {
      this.fetching = undefined;
      for (const msg of routed) msg.ack();
    }
  }

  /** Routes one message; false when it was set aside (dead-lettered or left for redelivery) rather than routed. */
  private handle(msg: JsMsg): boolean {
    // Delivered this often without an ack: it keeps taking its cores down (or their batches with
    // it). Set aside so that it never blocks the stream.
    if (msg.info.deliveryCount > this.options.maxDeliver) {
      this.deadLetters.send(msg, 'max_deliver');
      return false;
    }
    const event = this.deadLetters.parse(msg, TicketingEventSchema);
    if (!event) return false;
    try {
      this.route.run(event);
      return true;
    } catch (error) {
      this.logger.warn({ err: error, streamSeq: msg.seq, type: event.type }, 'routing a ticketing event failed');
      this.deadLetters.retryOrDeadLetter(msg, error, this.options.maxDeliver, 'route_failed');
      return false;
    }
  }

  private async pause(ms: number): Promise<void> {
    if (!this.running) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => (clearTimeout(timer), resolve());
    });
    this.wake = undefined;
  }
}

import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import { translateInfrastructureError } from '#kernel/errors/infrastructure-errors';
import { ensureDurableConsumer, type DeadLetters } from '#kernel/nats/jetstream-consumers';
import { TicketingEventSchema } from '#contracts/ticketing/ticketing-events';
import type { TicketingNames } from '#contracts/ticketing/ticketing-names';
import type { CreateEventRoomUseCase } from '../../../application/use-cases/create-event-room/create-event-room.use-case';

export interface EventRoomsConsumerOptions {
  /** Deliveries of one message whose room cannot be made (not an outage) before it is dead-lettered. Default 5 (CONSUMER_MAX_DELIVER). */
  maxDeliver: number;
  /** Seconds JetStream waits for an ack before it redelivers. Default 5 (CONSUMER_ACK_WAIT). */
  ackWaitSeconds: number;
}

/**
 * The durable pull consumer on TICKETING's event.created: each makes the event's chat room, acked
 * once the room exists. From the stream's start, so every event ticketing ever announced (within
 * the stream's retention) has its room, whichever process started first. A database outage is
 * waited out (nak with backoff, logged as one outage); a malformed message is dead-lettered to
 * ticketing's dead letters, where the frames consumer puts its own (Rt-Consumer tells them apart).
 */
export class JetStreamEventRoomsConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private readonly outage: OutageLog;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: TicketingNames,
    private readonly createEventRoom: CreateEventRoomUseCase,
    private readonly deadLetters: DeadLetters,
    private readonly options: EventRoomsConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.outage = new OutageLog(logger, 'PostgreSQL (making event rooms)');
  }

  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await ensureDurableConsumer(jsm, this.names.stream, {
      durable_name: this.names.roomsConsumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: this.options.ackWaitSeconds * 1_000_000_000,
      // Unbounded at the server: an outage must not use up deliveries; the bound is retryOrDeadLetter's.
      max_deliver: -1,
      filter_subject: this.names.subject('event.created'),
    });
    const consumer = await jetstream(this.nc).consumers.get(this.names.stream, this.names.roomsConsumer);
    const messages = await consumer.consume({ max_messages: 100 });
    this.messages = messages;
    this.loop = this.run(messages);
  }

  /** Stops taking messages and finishes the one in hand; the rest are redelivered later. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) await this.handle(msg);
  }

  private async handle(msg: JsMsg): Promise<void> {
    const event = this.deadLetters.parse(msg, TicketingEventSchema);
    if (!event) return;
    if (event.type !== 'event.created') return this.deadLetters.send(msg, 'unexpected_type');
    try {
      await this.createEventRoom.run(event.event_id);
      this.outage.recovered();
      msg.ack();
    } catch (error) {
      if (translateInfrastructureError(error)) this.outage.failed(error);
      else this.logger.warn({ err: error, eventId: event.event_id }, 'making an event room failed');
      this.deadLetters.retryOrDeadLetter(msg, error, this.options.maxDeliver, 'create_failed');
    }
  }
}

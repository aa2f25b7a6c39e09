import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import type { DeadLetters } from '#kernel/nats/jetstream-consumers';
import { SequentialConsumer } from '#kernel/nats/sequential-consumer';
import { TicketingEventSchema, type TicketingEvent } from '#contracts/ticketing/ticketing-events';
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
 * waited out; a malformed message is dead-lettered to ticketing's dead letters, where the frames
 * consumer puts its own (Rt-Consumer tells them apart).
 */
export class JetStreamEventRoomsConsumer extends SequentialConsumer<TicketingEvent> {
  constructor(
    nc: NatsConnection,
    names: TicketingNames,
    private readonly createEventRoom: CreateEventRoomUseCase,
    deadLetters: DeadLetters,
    options: EventRoomsConsumerOptions,
    logger: Logger,
  ) {
    super(nc, TicketingEventSchema, deadLetters, { ...options, stream: names.stream, durable: names.roomsConsumer, filterSubject: names.subject('event.created'), dependency: 'PostgreSQL (making event rooms)', failure: 'create_failed' }, logger);
  }

  protected async handle(event: TicketingEvent): Promise<string | undefined> {
    if (event.type !== 'event.created') return 'unexpected_type';
    await this.createEventRoom.run(event.event_id);
    return undefined;
  }
}

import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { Registry } from 'prom-client';
import { createLogger } from '#kernel/logging/logger';
import { deadLetterNames, deadLetterStream, ensureStreams } from '#kernel/nats/jetstream-streams';
import { DeadLetters } from '#kernel/nats/jetstream-consumers';
import { eventRoom, ticketingNames } from '#contracts/ticketing/ticketing-names';
import { ticketingStreams } from '#contracts/ticketing/ticketing-streams';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { eventually } from '../../../../../test/support/eventually';
import { uniqueId } from '../../../../../test/support/test-run';
import { eventCreated, publishTicketingEvents } from '../../../../../test/support/ticketing-events';
import { PgRoomRepository } from '../../outbound/pg/pg-room.repository';
import { CreateEventRoomUseCase } from '../../../application/use-cases/create-event-room/create-event-room.use-case';
import { JetStreamEventRoomsConsumer } from './jetstream-event-rooms.consumer';

const logger = createLogger('test', 'silent');
let infra: TestInfra;

beforeAll(async () => {
  infra = await connectTestInfra();
});
afterAll(async () => {
  await infra?.close();
});

/** A consumer under a prefix of its own (as chat.module.ts builds it), around `createEventRoom`. */
async function started(createEventRoom: Pick<CreateEventRoomUseCase, 'run'>) {
  const prefix = `${infra.prefix}${uniqueId(2)}_`;
  await ensureStreams(infra.nc, [...ticketingStreams(prefix), deadLetterStream(prefix)]);
  const registry = new Registry();
  const consumer = new JetStreamEventRoomsConsumer(
    infra.nc,
    ticketingNames(prefix),
    createEventRoom as CreateEventRoomUseCase,
    new DeadLetters(infra.nc, prefix, 'ticketing', logger, registry),
    { maxDeliver: 3, ackWaitSeconds: 5 },
    logger,
  );
  await consumer.start();
  const jsm = await jetstreamManager(infra.nc);
  return {
    prefix,
    consumer,
    registry,
    publish: (events: unknown[]) => publishTicketingEvents(infra.nc, prefix, events),
    deadLetter: (seq: number) => eventually(() => jsm.streams.getMessage(deadLetterNames(prefix).stream, { seq }).then((m) => m ?? undefined), 15_000, `dead letter ${seq}`),
    settled: () => eventually(async () => ((await jsm.consumers.info(ticketingNames(prefix).stream, ticketingNames(prefix).roomsConsumer)).num_ack_pending === 0 ? true : undefined), 15_000, 'every message acknowledged'),
  };
}

const roomOf = (eventId: string) => new PgRoomRepository(infra.pool).find(eventRoom(eventId));

describe('JetStreamEventRoomsConsumer (real JetStream and PostgreSQL)', () => {
  it('makes the room of each event ticketing created, once however often the event arrives, and acks it', async () => {
    const t = await started(new CreateEventRoomUseCase(new PgRoomRepository(infra.pool)));
    try {
      const eventId = randomUUID();
      await t.publish([eventCreated(eventId), eventCreated(eventId)]);
      await t.settled();
      expect(await roomOf(eventId)).toMatchObject({ name: `event:${eventId}`, visibility: 'event', createdBy: null });
    } finally {
      await t.consumer.stop();
    }
  });

  it('dead-letters a malformed event.created to dlq.ticketing, naming this consumer, and makes the next room', async () => {
    const t = await started(new CreateEventRoomUseCase(new PgRoomRepository(infra.pool)));
    try {
      const eventId = randomUUID();
      await t.publish([{ ...eventCreated(), event_id: 'not-a-uuid' }, eventCreated(eventId)]);
      const letter = await t.deadLetter(1);
      expect([letter.header.get('Rt-Dlq-Reason'), letter.header.get('Rt-Consumer')]).toEqual(['invalid_payload', ticketingNames(t.prefix).roomsConsumer]);
      await t.settled();
      expect(await roomOf(eventId)).toMatchObject({ visibility: 'event' });
      expect(await t.registry.getSingleMetricAsString('realtime_dead_letters_total')).toContain('realtime_dead_letters_total{context="ticketing",reason="invalid_payload"} 1');
    } finally {
      await t.consumer.stop();
    }
  });

  it('waits out a database outage (however many deliveries it takes) and makes the room when it is back', async () => {
    let attempts = 0;
    const real = new CreateEventRoomUseCase(new PgRoomRepository(infra.pool));
    const flaky = {
      run: async (eventId: string) => {
        if (++attempts <= 3) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return real.run(eventId);
      },
    };
    const t = await started(flaky);
    try {
      const eventId = randomUUID();
      await t.publish([eventCreated(eventId)]);
      await eventually(() => roomOf(eventId).then((room) => room ?? undefined), 20_000, 'the room');
      expect(attempts).toBe(4); // past maxDeliver (3): an outage uses up none
    } finally {
      await t.consumer.stop();
    }
  }, 30_000);

  it('a room that cannot be made for the message’s own reasons is tried maxDeliver times, then dead-lettered', async () => {
    const t = await started({ run: () => Promise.reject(new Error('boom')) });
    try {
      await t.publish([eventCreated()]);
      const letter = await t.deadLetter(1);
      expect([letter.header.get('Rt-Dlq-Reason'), letter.header.get('Rt-Deliveries')]).toEqual(['create_failed: boom', '3']);
    } finally {
      await t.consumer.stop();
    }
  }, 30_000);
});

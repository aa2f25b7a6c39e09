import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { ticketingNames } from '#contracts/ticketing/ticketing-names';
import { ticketingStreams } from '#contracts/ticketing/ticketing-streams';
import type { TicketingEvent } from '#contracts/ticketing/ticketing-events';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { JetStreamEventPublisher } from './jetstream-event.publisher';

let infra: TestInfra;
beforeAll(async () => {
  infra = await connectTestInfra();
  await ensureStreams(infra.nc, ticketingStreams(infra.prefix));
});
afterAll(async () => {
  await (await jetstreamManager(infra.nc)).streams.delete(ticketingNames(infra.prefix).stream);
  await infra.close();
});

const queued = (position: number): TicketingEvent => ({ type: 'booking.queued', user_id: '7', booking_id: randomUUID(), position, estimated_wait_seconds: position });

describe('JetStreamEventPublisher (real NATS)', () => {
  it('stores events in the order given, on ticketing.<type>, each once however often it is republished', async () => {
    const names = ticketingNames(infra.prefix);
    const publisher = new JetStreamEventPublisher(infra.nc, names);
    const events = Array.from({ length: 300 }, (_, i) => ({ id: `outbox:${i}`, event: queued(i + 1) }));
    await publisher.publish(events);
    await publisher.publish(events.slice(0, 100));
    const jsm = await jetstreamManager(infra.nc);
    const info = await jsm.streams.info(names.stream);
    expect(info.state.messages).toBe(300);
    const stored = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) stored.push(await jsm.streams.getMessage(names.stream, { seq }));
    expect(stored.map((m) => m?.subject)).toEqual(Array(300).fill(names.subject('booking.queued')));
    expect(stored.map((m) => (m?.json() as { position: number }).position)).toEqual(events.map((e) => (e.event as { position: number }).position));
  });
});

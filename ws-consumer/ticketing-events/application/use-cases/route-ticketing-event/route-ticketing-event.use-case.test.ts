import { randomUUID } from 'node:crypto';
import { ticketingFrame } from '#contracts/ticketing/ticketing-events';
import { eventRoom } from '#contracts/ticketing/ticketing-names';
import { oneOfEachType } from '../../../../../test/support/ticketing-events';
import { createInMemoryTicketingEventsContainer, type InMemoryTicketingEvents } from '../../../adapters/outbound/memory/in-memory-ticketing-events.container';
import { RouteTicketingEventUseCase } from './route-ticketing-event.use-case';

describe('RouteTicketingEventUseCase', () => {
  let fakes: InMemoryTicketingEvents;
  let route: RouteTicketingEventUseCase;

  beforeEach(() => {
    fakes = createInMemoryTicketingEventsContainer();
    route = fakes.container.resolve(RouteTicketingEventUseCase);
  });

  it('sends each booking, payment and waitlist event at once as its frame to the user’s sockets, in the order routed', () => {
    const events = oneOfEachType('42').filter((e) => e.type !== 'event.created' && e.type !== 'seats.changed');
    for (const event of events) route.run(event);
    expect(fakes.frames.frames).toEqual(events.map(ticketingFrame));
    expect(fakes.frames.toUser('42').map((f) => f.type)).toEqual([
      'booking:queue_position',
      'booking:processing',
      'payment:processing',
      'payment:failed',
      'payment:success',
      'booking:confirmed',
      'booking:cancelled',
      'payment:refunded',
      'booking:failed',
      'waitlist:offer',
    ]);
    expect(fakes.telemetry.sentByType['booking:confirmed']).toBe(1);
  });

  it('sends nothing for event.created (chat makes the event room)', () => {
    route.run(oneOfEachType('42')[0]);
    expect(fakes.frames.frames).toEqual([]);
  });

  it('hands seat changes to the event room’s coalesced ticket:availability', async () => {
    const eventId = randomUUID();
    const change = oneOfEachType('42', eventId)[1];
    route.run(change);
    expect(fakes.frames.frames).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fakes.frames.toRoom(eventRoom(eventId))).toEqual([ticketingFrame(change)].map((f) => ({ type: f?.type, payload: f?.payload })));
  });
});

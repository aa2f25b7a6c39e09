import { randomUUID } from 'node:crypto';
import { createLogger } from '#kernel/logging/logger';
import { eventRoom } from '#contracts/ticketing/ticketing-names';
import type { SeatStatus } from '#contracts/ticketing/ticketing-events';
import { createInMemoryTicketingEventsContainer, type InMemoryTicketingEvents } from '../adapters/outbound/memory/in-memory-ticketing-events.container';
import { InMemoryAvailabilityGate } from '../adapters/outbound/memory/in-memory-availability.gate';
import { AVAILABILITY_WINDOW_MS } from '../domain/availability-windows';
import { AvailabilityCoalescer, type SeatsChangedEvent } from './availability-coalescer';

const seats = Array.from({ length: 20 }, () => randomUUID());

const changed = (eventId: string, available: number, ...changes: [number, SeatStatus][]): SeatsChangedEvent => ({
  type: 'seats.changed',
  event_id: eventId,
  available,
  seats: changes.map(([seat, status]) => ({ id: seats[seat], status })),
});

describe('AvailabilityCoalescer (fake timers)', () => {
  let fakes: InMemoryTicketingEvents;
  let coalescer: AvailabilityCoalescer;
  let eventId: string;
  const availability = () => fakes.frames.toRoom(eventRoom(eventId));
  const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    fakes = createInMemoryTicketingEventsContainer();
    coalescer = fakes.container.resolve(AvailabilityCoalescer);
    eventId = randomUUID();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends the first change of a quiet event at once, as ticket:availability to the event room', async () => {
    coalescer.add(changed(eventId, 19, [0, 'held']));
    await elapse(0);
    expect(availability()).toEqual([{ type: 'ticket:availability', payload: { event_id: eventId, available: 19, seats: [{ id: seats[0], status: 'held' }] } }]);
  });

  it('coalesces the changes of a window into one frame at its end: every seat that changed, with its latest status, and the latest count', async () => {
    coalescer.add(changed(eventId, 19, [0, 'held']));
    await elapse(0);
    for (let i = 1; i <= 40; i++) {
      coalescer.add(changed(eventId, 40 - i, [i % 10, i % 3 === 0 ? 'sold' : 'held']));
      await elapse(2);
    }
    expect(availability()).toHaveLength(1);
    await elapse(AVAILABILITY_WINDOW_MS);
    const frames = availability();
    expect(frames).toHaveLength(2);
    const last = new Map<string, SeatStatus>();
    for (let i = 1; i <= 40; i++) last.set(seats[i % 10], i % 3 === 0 ? 'sold' : 'held');
    expect(frames[1].payload).toEqual({ event_id: eventId, available: 0, seats: [...last].map(([id, status]) => ({ id, status })) });
    expect(fakes.telemetry.sentByType).toEqual({ 'ticket:availability': 2 });
    expect(fakes.telemetry.changesCoalesced).toBe(41);
  });

  /** When each frame was published, by the fake clock. */
  function sendTimes(): number[] {
    const times: number[] = [];
    const publish = fakes.frames.publish.bind(fakes.frames);
    fakes.frames.publish = (frame) => (times.push(Date.now()), publish(frame));
    return times;
  }

  const expectWindowsApart = (times: number[]) => {
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(AVAILABILITY_WINDOW_MS);
  };

  it('never sends two frames of one event within a window, while changes keep coming', async () => {
    const times = sendTimes();
    for (let t = 0; t < 1_000; t += 3) {
      coalescer.add(changed(eventId, t % 20, [t % 20, 'held']));
      await elapse(3);
    }
    // One at once, then one at the end of each window (0, 100, …, 1000).
    expect(times.length).toBe(11);
    expectWindowsApart(times);
  });

  it('keeps gathering while another core holds the gate, and sends everything when it opens', async () => {
    await fakes.gate.take(eventId, AVAILABILITY_WINDOW_MS); // another core just sent one
    await elapse(30);
    coalescer.add(changed(eventId, 5, [1, 'held']));
    await elapse(0);
    coalescer.add(changed(eventId, 4, [2, 'held']));
    await elapse(AVAILABILITY_WINDOW_MS - 31);
    expect(availability()).toEqual([]);
    await elapse(1);
    expect(availability()).toEqual([{ type: 'ticket:availability', payload: { event_id: eventId, available: 4, seats: [seats[1], seats[2]].map((id) => ({ id, status: 'held' })) } }]);
  });

  it('gives each event its own window', async () => {
    const other = randomUUID();
    coalescer.add(changed(eventId, 1, [0, 'sold']));
    await elapse(0);
    coalescer.add(changed(eventId, 0, [1, 'sold']));
    coalescer.add(changed(other, 9, [2, 'held']));
    await elapse(0);
    expect([availability().length, fakes.frames.toRoom(eventRoom(other)).length]).toEqual([1, 1]);
  });

  it('a gate that fails unexpectedly (a bug, not an outage) leaves this core’s own window in force', async () => {
    fakes.gate.unavailable = true;
    const times = sendTimes();
    for (let t = 0; t < 300; t += 10) {
      coalescer.add(changed(eventId, t, [0, 'held']));
      await elapse(10);
    }
    expect(times.length).toBe(4);
    expectWindowsApart(times);
  });

  it('drain sends what is open, waiting at most for its window and a gate held elsewhere', async () => {
    coalescer.add(changed(eventId, 3, [0, 'held']));
    await elapse(0);
    coalescer.add(changed(eventId, 2, [1, 'held']));
    const drained = coalescer.drain();
    await elapse(2 * AVAILABILITY_WINDOW_MS);
    await drained;
    expect(availability().map((f) => f.payload.available)).toEqual([3, 2]);
  });

  it('drain sends at once what the gate still refuses after two windows', async () => {
    const stuck = new InMemoryAvailabilityGate(() => 0); // its clock never moves: held for good
    await stuck.take(eventId, AVAILABILITY_WINDOW_MS);
    const held = new AvailabilityCoalescer(stuck, fakes.frames, fakes.telemetry, createLogger('test', 'silent'));
    held.add(changed(eventId, 7, [3, 'sold']));
    const drained = held.drain();
    await elapse(2 * AVAILABILITY_WINDOW_MS);
    await drained;
    expect(availability().map((f) => f.payload.available)).toEqual([7]);
  });
});

import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ticketingFrame } from '#contracts/ticketing/ticketing-events';
import { eventRoom } from '#contracts/ticketing/ticketing-names';
import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { oneOfEachType, publishTicketingEvents } from '../support/ticketing-events';
import { closeAfterEach, connected, expectAlive, joined } from './support/messaging-helpers';

type User = { id: string; username: string; token: string };

/**
 * Ticketing's events through a started platform (two edges, one core; ticketing itself is not
 * started: its events are published to TICKETING as it publishes them) to real WebSockets.
 */
describe('ticketing events to WebSockets (two edges)', () => {
  const platform = new TestPlatform({ WS_ALLOW_ANONYMOUS: 'true' });
  let nc: NatsConnection;
  let alice: User;
  let bob: User;
  const track = closeAfterEach();

  beforeAll(async () => {
    await platform.start({ edges: 2 });
    nc = await connect({ servers: process.env.NATS_URL });
    [alice, bob] = [await platform.user('alice'), await platform.user('bob')];
  }, 30_000);
  afterAll(async () => {
    await nc?.close();
    await platform.stop();
  });

  it('an event room exists once ticketing created the event: before, joining it answers not_found, then anyone may join, guests too, and nobody post', async () => {
    const eventId = randomUUID();
    const room = eventRoom(eventId);
    const socket = track(await connected(platform.edges[0].baseUrl, alice.token));
    expect(await socket.request('room:join', { room })).toMatchObject({ type: 'error', payload: { code: 'not_found' } });
    expect(await platform.eventRoom(eventId)).toBe(room);
    expect(await socket.request('room:join', { room })).toMatchObject({ type: 'ok', payload: { room, last_seq: 0 } });
    const guest = track(await WsTestClient.connect(platform.edges[1].baseUrl));
    await guest.waitFor((f) => f.type === 'system:connected');
    expect(await guest.request('room:join', { room })).toMatchObject({ type: 'ok', payload: { room } });
    expect(await socket.request('message:send', { room, body: 'mine?', client_msg_id: 'ev-1' })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
    await expectAlive(socket);
  });

  it('booking, payment and waitlist frames reach every socket of the user on every edge, in stream order; seat changes reach the event room', async () => {
    const eventId = randomUUID();
    const room = await platform.eventRoom(eventId);
    const onA = track(await connected(platform.edges[0].baseUrl, alice.token));
    const onB = track(await connected(platform.edges[1].baseUrl, alice.token));
    const watcher = track(await joined(platform.edges[1].baseUrl, bob.token, room));
    const events = oneOfEachType(alice.id, eventId).slice(1); // event.created is already published
    await publishTicketingEvents(nc, platform.prefix, events);
    const forAlice = events.filter((e) => e.type !== 'seats.changed').map((e) => ticketingFrame(e));
    for (const socket of [onA, onB]) {
      const frames = await socket.waitForCount((f) => f.type.includes(':') && !f.type.startsWith('system:'), forAlice.length);
      expect(frames).toEqual(forAlice.map((frame) => ({ type: frame?.type, payload: frame?.payload })));
    }
    const availability = await watcher.waitFor((f) => f.type === 'ticket:availability');
    expect(availability.payload).toEqual(ticketingFrame(events[0])?.payload);
    await expectAlive(watcher);
    expect(watcher.frames.some((f) => f.type.startsWith('booking:'))).toBe(false);
    expect(onA.frames.some((f) => f.type === 'ticket:availability')).toBe(false);
  });
});

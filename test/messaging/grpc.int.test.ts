import { status } from '@grpc/grpc-js';
import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { PLATFORM_GRPC_SERVICES, reflectedServices } from '../support/grpc-reflection';
import { connected, expectAlive, joined, realtimeClient, closeAfterEach } from './support/messaging-helpers';

type User = { id: string; username: string; token: string };

async function grpcCode(call: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    return (error as { code: number }).code;
  }
}

/** realtime.v1.RealtimeService (proto/realtime.proto) on each edge's gRPC port, delivering through NATS to any edge. */
describe('realtime.v1.RealtimeService (two edges)', () => {
  const platform = new TestPlatform();
  let alice: User;
  let bob: User;
  let grpcA: ReturnType<typeof realtimeClient>;
  let grpcB: ReturnType<typeof realtimeClient>;
  const track = closeAfterEach();

  beforeAll(async () => {
    await platform.start({ edges: 2 });
    [alice, bob] = [await platform.user('alice'), await platform.user('bob')];
    grpcA = realtimeClient(platform.edges[0]);
    grpcB = realtimeClient(platform.edges[1]);
  }, 30_000);
  afterAll(async () => {
    grpcA.close();
    grpcB.close();
    await platform.stop();
  });

  it("SendToUser on edge A reaches every socket of the user on edge B (and A), nobody else's", async () => {
    const onB = track(await connected(platform.edges[1].baseUrl, bob.token));
    const alsoOnA = track(await connected(platform.edges[0].baseUrl, bob.token));
    const other = track(await connected(platform.edges[1].baseUrl, alice.token));
    expect(await grpcA.call('SendToUser', { user_id: bob.id, type: 'notice:hello', payload: '{"x":1,"nested":{"ok":true}}' })).toEqual({ accepted: true });
    for (const socket of [onB, alsoOnA]) {
      const frame = await socket.waitFor((f) => f.type === 'notice:hello');
      expect(frame).toEqual({ type: 'notice:hello', payload: { x: 1, nested: { ok: true } } });
    }
    await expectAlive(other);
    expect(other.frames.some((f) => f.type === 'notice:hello')).toBe(false);
  });

  it('BroadcastEvent {room, type: ticket:availability} reaches the sockets joined to the room on both edges', async () => {
    const room = await platform.room(alice.token);
    const onA = track(await joined(platform.edges[0].baseUrl, alice.token, room));
    const onB = track(await joined(platform.edges[1].baseUrl, bob.token, room));
    const notJoined = track(await connected(platform.edges[1].baseUrl, bob.token));
    expect(await grpcB.call('BroadcastEvent', { room, type: 'ticket:availability', payload: '{"free":3}' })).toEqual({ accepted: true });
    for (const socket of [onA, onB]) {
      const frame = await socket.waitFor((f) => f.type === 'ticket:availability');
      expect(frame.payload).toEqual({ free: 3 });
    }
    await expectAlive(notJoined);
    expect(notJoined.frames.some((f) => f.type === 'ticket:availability')).toBe(false);
  });

  it('BroadcastEvent to an event:<id> room reaches members and guests; the room is read-only', async () => {
    // Ticketing is not part of this process set: its event.created is published to TICKETING directly.
    const room = await platform.eventRoom();
    const guests = await platform.addEdge({ WS_ALLOW_ANONYMOUS: 'true' });
    const member = track(await joined(platform.edges[1].baseUrl, bob.token, room));
    const guest = track(await WsTestClient.connect(guests.baseUrl));
    await guest.waitFor((f) => f.type === 'system:connected');
    expect(await guest.request('room:join', { room })).toMatchObject({ type: 'ok', payload: { room } });
    await grpcA.call('BroadcastEvent', { room, type: 'ticket:availability', payload: '{"event_id":"1","free":2}' });
    for (const socket of [member, guest]) expect((await socket.waitFor((f) => f.type === 'ticket:availability')).payload).toEqual({ event_id: '1', free: 2 });
    expect(await member.request('message:send', { room, body: 'can I post?', client_msg_id: 'ev1' })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
    await expectAlive(member);
  });

  it('NotifyBookingResult: success → booking:confirmed, failure → booking:failed, to the user', async () => {
    const socket = track(await connected(platform.edges[1].baseUrl, bob.token));
    await grpcA.call('NotifyBookingResult', {
      user_id: bob.id,
      booking_id: 'b-1',
      success: true,
      message: 'confirmed',
      booking_reference: 'REF123',
      event_id: '7',
      seat_numbers: ['A1', 'A2'],
      total_amount: '20.00',
      currency: 'EUR',
    });
    const confirmed = await socket.waitFor((f) => f.type === 'booking:confirmed');
    expect(confirmed.payload).toMatchObject({ booking_id: 'b-1', booking_reference: 'REF123', seat_numbers: ['A1', 'A2'], total_amount: '20.00', currency: 'EUR' });
    await grpcA.call('NotifyBookingResult', { user_id: bob.id, booking_id: 'b-2', success: false, message: 'seats taken' });
    const failed = await socket.waitFor((f) => f.type === 'booking:failed');
    expect(failed.payload).toMatchObject({ booking_id: 'b-2', message: 'seats taken' });
  });

  it('NotifyQueuePosition → booking:queue_position', async () => {
    const socket = track(await connected(platform.edges[0].baseUrl, bob.token));
    await grpcB.call('NotifyQueuePosition', { user_id: bob.id, booking_id: 'b-3', position: 4, estimated_wait_seconds: 12 });
    const frame = await socket.waitFor((f) => f.type === 'booking:queue_position');
    expect(frame.payload).toMatchObject({ booking_id: 'b-3', position: 4, estimated_wait_seconds: 12 });
  });

  it('NotifyPaymentStatus → payment:processing / payment:success / payment:failed; an unknown status is INVALID_ARGUMENT', async () => {
    const socket = track(await connected(platform.edges[1].baseUrl, alice.token));
    for (const s of ['processing', 'success', 'failed']) {
      await grpcA.call('NotifyPaymentStatus', { user_id: alice.id, booking_id: 'b-4', payment_id: `p-${s}`, status: s, amount: '10.00', currency: 'EUR' });
      const frame = await socket.waitFor((f) => f.type === `payment:${s}`);
      expect(frame.payload).toMatchObject({ booking_id: 'b-4', payment_id: `p-${s}`, status: s, amount: '10.00', currency: 'EUR' });
    }
    expect(await grpcCode(grpcA.call('NotifyPaymentStatus', { user_id: alice.id, booking_id: 'b-4', status: 'maybe' }))).toBe(status.INVALID_ARGUMENT);
  });

  it.each<[string, string, object]>([
    ['SendToUser with payload that is not JSON', 'SendToUser', { user_id: '1', type: 'notice:x', payload: '{not json' }],
    ['SendToUser with a JSON array payload', 'SendToUser', { user_id: '1', type: 'notice:x', payload: '[1,2]' }],
    ['BroadcastEvent with payload that is not JSON', 'BroadcastEvent', { room: 'some-room', type: 'ticket:availability', payload: '{"free":' }],
    ['BroadcastEvent with an invalid room name', 'BroadcastEvent', { room: 'Bad Room!', type: 'ticket:availability', payload: '{}' }],
    ['BroadcastEvent with an invalid frame type', 'BroadcastEvent', { room: 'some-room', type: 'no type', payload: '{}' }],
    ['SendToUser without a user id', 'SendToUser', { user_id: '', type: 'notice:x', payload: '{}' }],
    ['NotifyBookingResult without a user id', 'NotifyBookingResult', { booking_id: 'b', success: true }],
  ])('%s → INVALID_ARGUMENT, and the service keeps working', async (_, method, request) => {
    expect(await grpcCode(grpcA.call(method, request))).toBe(status.INVALID_ARGUMENT);
    expect(await grpcA.call('SendToUser', { user_id: alice.id, type: 'notice:ok', payload: '{}' })).toEqual({ accepted: true });
  });

  it('lists RealtimeService, health and reflection through server reflection (what grpcurl sees)', async () => {
    expect(await reflectedServices(`127.0.0.1:${platform.edges[0].grpcPort}`)).toEqual(['realtime.v1.RealtimeService', ...PLATFORM_GRPC_SERVICES].sort());
  });

  describe('GetConnectionStats', () => {
    // Its own platform: the totals must be exact.
    const stats = new TestPlatform();
    beforeAll(async () => {
      await stats.start({ edges: 2 });
    }, 30_000);
    afterAll(() => stats.stop());

    it('called on edge A counts the sockets on both edges, with per-room counts', async () => {
      const [u1, u2, u3] = [await stats.user('s1'), await stats.user('s2'), await stats.user('s3')];
      const [roomX, roomY] = [await stats.room(u1.token), await stats.room(u1.token)];
      const [edgeA, edgeB] = stats.edges;
      const sockets = [
        await joined(edgeA.baseUrl, u1.token, roomX, roomY),
        await joined(edgeA.baseUrl, u2.token, roomX),
        await joined(edgeA.baseUrl, u3.token),
        await joined(edgeB.baseUrl, u1.token, roomX),
        await joined(edgeB.baseUrl, u3.token, roomY),
      ];
      const unauthenticated = await WsTestClient.connect(edgeB.baseUrl); // no token yet (auth timeout 5 s)
      await expectAlive(unauthenticated);
      const client = realtimeClient(edgeA);
      try {
        const answer = await client.call('GetConnectionStats', {});
        expect(answer.edges).toBe(2);
        expect(Number(answer.total_connections)).toBe(6);
        expect(Number(answer.authenticated_connections)).toBe(5);
        const perRoom = Object.fromEntries(Object.entries(answer.connections_per_room).map(([k, v]) => [k, Number(v)]));
        expect(perRoom).toEqual({ [roomX]: 3, [roomY]: 2 });

        // Leaving and closing are reflected; edge B answers the same totals.
        expect((await sockets[0].request('room:leave', { room: roomY })).type).toBe('ok');
        sockets[4].close();
        await sockets[4].closed;
        const viaB = realtimeClient(edgeB);
        try {
          let after: any;
          for (let i = 0; i < 40; i++) {
            after = await viaB.call('GetConnectionStats', {});
            if (Number(after.total_connections) === 5) break;
            await new Promise((r) => setTimeout(r, 50));
          }
          expect(after.edges).toBe(2);
          expect(Number(after.total_connections)).toBe(5);
          expect(Number(after.authenticated_connections)).toBe(4);
          // A room nobody is in may be listed with 0 or left out.
          const rooms = Object.fromEntries(Object.entries(after.connections_per_room).map(([k, v]) => [k, Number(v)]).filter(([, v]) => v !== 0));
          expect(rooms).toEqual({ [roomX]: 3 });
        } finally {
          viaB.close();
        }
      } finally {
        client.close();
        unauthenticated.close();
        for (const s of sockets) s.close();
      }
    });
  });
});

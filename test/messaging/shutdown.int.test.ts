import { http } from '../support/auth-harness';
import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { connected, expectAlive, joined, realtimeClient } from './support/messaging-helpers';

/** Shutdown closes with 1001 after draining (docs/protocol.md §6); the other edges are unaffected. */
describe('edge shutdown', () => {
  const platform = new TestPlatform();
  beforeAll(async () => {
    await platform.start({ edges: 2 });
  }, 30_000);
  afterAll(() => platform.stop());

  it("stopping an edge closes its sockets with 1001; the other edge keeps working", async () => {
    const [alice, bob, carol] = [await platform.user('alice'), await platform.user('bob'), await platform.user('carol')];
    const room = await platform.room(alice.token);
    const [doomed, survivor] = platform.edges;
    const onDoomed = [await joined(doomed.baseUrl, alice.token, room), await connected(doomed.baseUrl, bob.token), await WsTestClient.connect(doomed.baseUrl)];
    const onSurvivor = [await joined(survivor.baseUrl, bob.token, room), await joined(survivor.baseUrl, carol.token, room)];

    // A send answered before the shutdown is delivered everywhere.
    const sent = await onDoomed[0].request('message:send', { room, body: 'last words', client_msg_id: 'lw' });
    expect(sent.type).toBe('ok');

    platform.edges.splice(platform.edges.indexOf(doomed), 1); // stopped here, not again in afterAll
    await doomed.stop();
    for (const socket of onDoomed) expect(await socket.waitClosed(5_000)).toBe(1001);

    // The stopped edge accepts nothing more.
    await expect(WsTestClient.connect(doomed.baseUrl, alice.token)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    // The other edge still works: pings, joins, sends, deliveries, HTTP and gRPC.
    for (const socket of onSurvivor) {
      await expectAlive(socket);
      const got = await socket.waitFor((f) => f.type === 'message:new');
      expect(got.payload).toMatchObject({ seq: 1, body: 'last words' });
    }
    const moved = await joined(survivor.baseUrl, alice.token, room);
    const again = await moved.request('message:send', { room, body: 'back again', client_msg_id: 'ba' });
    expect(again.type).toBe('ok');
    for (const socket of [...onSurvivor, moved]) {
      const frame = await socket.waitFor((f) => f.type === 'message:new' && f.payload.client_msg_id === 'ba');
      expect(frame.payload.seq).toBe(2);
    }
    expect((await http(survivor.baseUrl, 'GET', '/health')).status).toBe(200);
    const grpc = realtimeClient(survivor);
    try {
      const stats = await grpc.call('GetConnectionStats', {});
      expect(stats.edges).toBe(1);
      expect(Number(stats.total_connections)).toBe(3);
    } finally {
      grpc.close();
    }
    for (const socket of [...onSurvivor, moved]) socket.close();
  });

  it('drains first: sends in flight when the edge stops are all answered ok before the 1001 close, and delivered', async () => {
    const [dave, erin] = [await platform.user('dave'), await platform.user('erin')];
    const room = await platform.room(dave.token);
    const draining = await platform.addEdge();
    const survivor = platform.edges[0];
    const watcher = await joined(survivor.baseUrl, erin.token, room);
    const sender = await joined(draining.baseUrl, dave.token, room);
    const ids = Array.from({ length: 20 }, (_, i) => `d${i}`);
    for (const id of ids) sender.send({ type: 'message:send', id, payload: { room, body: `drain ${id}`, client_msg_id: id } });
    await sender.waitFor((f) => f.type === 'ok' && f.id !== undefined && ids.includes(f.id), 10_000);
    platform.edges.splice(platform.edges.indexOf(draining), 1);
    await draining.stop();
    expect(await sender.waitClosed(5_000)).toBe(1001);
    for (const id of ids) expect(sender.frames.filter((f) => f.id === id)).toEqual([expect.objectContaining({ type: 'ok', payload: expect.objectContaining({ client_msg_id: id }) })]);
    await watcher.waitForCount((f) => f.type === 'message:new', 20, 10_000);
    expect(watcher.messages(room).map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await expectAlive(watcher);
    watcher.close();
  });
});

import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { directRoom } from '#contracts/chat/rooms';
import { http } from '../support/auth-harness';
import { TestPlatform } from '../support/platform-harness';
import { bearer, connected, expectAlive, history, joined, closeAfterEach } from './support/messaging-helpers';

type User = { id: string; username: string; token: string };


/** The client frames (docs/protocol.md) and the HTTP routes, end to end over two edges and one core. */
describe('messaging features (two edges, real core, NATS, PostgreSQL, Redis)', () => {
  const platform = new TestPlatform();
  let pool: Pool;
  let alice: User;
  let bob: User;
  let carol: User;
  const track = closeAfterEach();
  const A = () => platform.edges[0].baseUrl;
  const B = () => platform.edges[1].baseUrl;

  /** POST /v1/rooms/{room}/messages on an edge. */
  const publish = (base: string, token: string | undefined, room: string, body: unknown) =>
    http(base, 'POST', `/v1/rooms/${encodeURIComponent(room)}/messages`, body, token ? bearer(token) : {});

  beforeAll(async () => {
    await platform.start({ edges: 2 });
    pool = new Pool(pgConnection(platform.databaseUrl));
    [alice, bob, carol] = [await platform.user('alice'), await platform.user('bob'), await platform.user('carol')];
  }, 30_000);
  afterAll(async () => {
    await pool.end();
    await platform.stop();
  });

  it('system:ping → system:pong with the same id', async () => {
    const client = track(await connected(A(), alice.token));
    client.send({ type: 'system:ping', id: 'ping-42' });
    const pong = await client.waitFor((f) => f.id === 'ping-42');
    expect(pong.type).toBe('system:pong');
    await expectAlive(client);
  });

  describe('direct messages', () => {
    it('message:send {to_user} reaches every open socket of both users on both edges, without joining, once each', async () => {
      const room = directRoom(alice.id, bob.id);
      const aliceA = track(await connected(A(), alice.token));
      const aliceB = track(await connected(B(), alice.token));
      const bobA = track(await connected(A(), bob.token));
      const bobB = track(await connected(B(), bob.token));
      const first = await aliceA.request('message:send', { to_user: bob.id, body: 'hi bob', client_msg_id: 'dm1' });
      expect(first).toMatchObject({ type: 'ok', payload: { client_msg_id: 'dm1', message_id: expect.any(String) } });
      const reply = await bobB.request('message:send', { to_user: alice.id, body: 'hi alice', client_msg_id: 'dm2' });
      expect(reply.type).toBe('ok');
      for (const socket of [aliceA, aliceB, bobA, bobB]) {
        const got = await socket.waitForCount((f) => f.type === 'message:new', 2);
        expect(got.map((f) => f.payload)).toEqual([
          expect.objectContaining({ room, seq: 1, sender_id: alice.id, body: 'hi bob', message_id: first.payload.message_id }),
          expect.objectContaining({ room, seq: 2, sender_id: bob.id, body: 'hi alice', message_id: reply.payload.message_id }),
        ]);
      }
      // Nothing more arrives (a later round trip on each socket comes after any duplicate would).
      for (const socket of [aliceA, aliceB, bobA, bobB]) {
        await expectAlive(socket);
        expect(socket.messages()).toHaveLength(2);
      }
      // Both may read the history; nobody else.
      const forBob = await history(platform, bob.token, room);
      expect(forBob.status).toBe(200);
      expect(forBob.body.items.map((m: any) => m.seq)).toEqual([2, 1]);
      expect((await history(platform, carol.token, room)).status).toBe(403);
    });

    it('a participant socket that also joined the dm room gets each message exactly once', async () => {
      const [dave, erin] = [await platform.user('dave'), await platform.user('erin')];
      const room = directRoom(dave.id, erin.id);
      const daveSocket = track(await connected(A(), dave.token));
      const erinJoined = track(await connected(B(), erin.token));
      expect(await erinJoined.request('room:join', { room })).toMatchObject({ type: 'ok', payload: { room, last_seq: 0 } });
      for (let i = 1; i <= 3; i++) expect((await daveSocket.request('message:send', { to_user: erin.id, body: `m${i}`, client_msg_id: `d${i}` })).type).toBe('ok');
      await erinJoined.waitForCount((f) => f.type === 'message:new', 3);
      await expectAlive(erinJoined);
      expect(erinJoined.messages().map((m) => m.seq)).toEqual([1, 2, 3]);
    });

    it("a third user's room:join or message:send to the dm room is forbidden", async () => {
      const room = directRoom(alice.id, bob.id);
      const intruder = track(await connected(A(), carol.token));
      expect(await intruder.request('room:join', { room })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
      expect(await intruder.request('message:send', { room, body: 'eavesdrop', client_msg_id: 'x1' })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
      await expectAlive(intruder);
      const res = await publish(A(), carol.token, room, { body: 'eavesdrop', client_msg_id: 'x2' });
      expect(res.status).toBe(403);
    });

    it('a direct message to yourself is bad_request; to a user that does not exist is not_found', async () => {
      const client = track(await connected(A(), alice.token));
      expect(await client.request('message:send', { to_user: alice.id, body: 'me', client_msg_id: 's1' })).toMatchObject({ type: 'error', payload: { code: 'bad_request' } });
      expect(await client.request('message:send', { to_user: '987654321987', body: 'ghost', client_msg_id: 's2' })).toMatchObject({ type: 'error', payload: { code: 'not_found' } });
      await expectAlive(client);
    });
  });

  it('message:typing reaches the other joined sockets and is never stored', async () => {
    const room = await platform.room(alice.token);
    const typist = track(await joined(A(), alice.token, room));
    const watcher = track(await joined(B(), bob.token, room));
    const outsider = track(await connected(B(), carol.token));
    expect(await typist.request('message:typing', { room })).toMatchObject({ type: 'ok' });
    const typing = await watcher.waitFor((f) => f.type === 'message:typing');
    expect(typing.payload).toEqual({ room, user_id: alice.id });
    expect((await history(platform, alice.token, room)).body.items).toEqual([]);
    // The next real message is seq 1: nothing took a seq for the typing frame.
    await typist.request('message:send', { room, body: 'done typing', client_msg_id: 't1' });
    expect((await watcher.waitFor((f) => f.type === 'message:new')).payload.seq).toBe(1);
    await expectAlive(outsider);
    expect(outsider.frames.some((f) => f.type === 'message:typing')).toBe(false);
    const stored = await history(platform, alice.token, room);
    expect(stored.body.items.map((m: any) => m.body)).toEqual(['done typing']);
  });

  it('message:read stores the read marker and the others receive message:read', async () => {
    const room = await platform.room(alice.token);
    const writer = track(await joined(A(), alice.token, room));
    const reader = track(await joined(B(), bob.token, room));
    await writer.request('message:send', { room, body: 'one', client_msg_id: 'r1' });
    await writer.request('message:send', { room, body: 'two', client_msg_id: 'r2' });
    await reader.waitForCount((f) => f.type === 'message:new', 2);
    expect(await reader.request('message:read', { room, seq: 2 })).toMatchObject({ type: 'ok', payload: { room, seq: 2 } });
    const marker = await writer.waitFor((f) => f.type === 'message:read');
    expect(marker.payload).toEqual({ room, user_id: bob.id, seq: 2 });
    const { rows } = await pool.query('SELECT seq::int AS seq FROM read_markers WHERE room = $1 AND user_id = $2', [room, bob.id]);
    expect(rows).toEqual([{ seq: 2 }]);
    // A marker never moves back.
    expect(await reader.request('message:read', { room, seq: 1 })).toMatchObject({ type: 'ok', payload: { room, seq: 2 } });
    const again = await pool.query('SELECT seq::int AS seq FROM read_markers WHERE room = $1 AND user_id = $2', [room, bob.id]);
    expect(again.rows).toEqual([{ seq: 2 }]);
  });

  it('room:presence join and leave frames when a second user joins, leaves, and disconnects', async () => {
    const room = await platform.room(alice.token);
    const host = track(await joined(A(), alice.token, room));
    const guest = track(await connected(B(), bob.token));
    expect((await guest.request('room:join', { room })).type).toBe('ok');
    const join = await host.waitFor((f) => f.type === 'room:presence' && f.payload.user_id === bob.id);
    expect(join.payload).toEqual({ room, user_id: bob.id, action: 'join' });
    const present = await http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/${room}/presence`, undefined, bearer(alice.token));
    expect(present.status).toBe(200);
    expect(JSON.stringify(present.body)).toContain(bob.id);
    expect(await guest.request('room:leave', { room })).toMatchObject({ type: 'ok', payload: { room } });
    const leave = await host.waitFor((f) => f.type === 'room:presence' && f.payload.user_id === bob.id && f.payload.action === 'leave');
    expect(leave.payload).toEqual({ room, user_id: bob.id, action: 'leave' });
    // Joining again and closing the socket also announces the leave.
    expect((await guest.request('room:join', { room })).type).toBe('ok');
    await host.waitForCount((f) => f.type === 'room:presence' && f.payload.user_id === bob.id && f.payload.action === 'join', 2);
    guest.close();
    await host.waitForCount((f) => f.type === 'room:presence' && f.payload.user_id === bob.id && f.payload.action === 'leave', 2);
  });

  it('presence is per user: one of two sockets (on two edges) leaving announces nothing; the last one does', async () => {
    const room = await platform.room(alice.token);
    const host = track(await joined(A(), alice.token, room));
    const first = track(await joined(A(), bob.token, room));
    const second = track(await joined(B(), bob.token, room));
    await host.waitFor((f) => f.type === 'room:presence' && f.payload.user_id === bob.id && f.payload.action === 'join');
    expect((await first.request('room:leave', { room })).type).toBe('ok');
    // Barrier: a later join through the same edge is announced after the leave was handled.
    const witness = track(await joined(A(), carol.token, room));
    await host.waitFor((f) => f.type === 'room:presence' && f.payload.user_id === carol.id && f.payload.action === 'join');
    const present = await http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/${room}/presence`, undefined, bearer(alice.token));
    expect(JSON.stringify(present.body)).toContain(bob.id);
    expect(host.frames.filter((f) => f.type === 'room:presence' && f.payload.user_id === bob.id).map((f) => f.payload.action)).toEqual(['join']);
    second.close();
    await host.waitFor((f) => f.type === 'room:presence' && f.payload.user_id === bob.id && f.payload.action === 'leave');
    expect(host.frames.filter((f) => f.type === 'room:presence' && f.payload.user_id === bob.id).map((f) => f.payload.action)).toEqual(['join', 'leave']);
    await expectAlive(witness);
  });

  // A socket joining a room it is already in (e.g. to recover with since_seq) did not leave it.
  it('re-joining a room the socket is already in announces no presence leave', async () => {
    const room = await platform.room(alice.token);
    const host = track(await joined(A(), alice.token, room));
    const rejoiner = track(await joined(B(), bob.token, room));
    await host.waitFor((f) => f.type === 'room:presence' && f.payload.user_id === bob.id && f.payload.action === 'join');
    expect(await rejoiner.request('room:join', { room, since_seq: 0 })).toMatchObject({ type: 'ok', payload: { room } });
    // Barrier: a later join through the same edge is announced after anything the re-join caused.
    const witness = track(await joined(B(), carol.token, room));
    await host.waitFor((f) => f.type === 'room:presence' && f.payload.user_id === carol.id);
    expect(host.frames.filter((f) => f.type === 'room:presence' && f.payload.user_id === bob.id).map((f) => f.payload.action)).toEqual(['join']);
    const present = await http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/${room}/presence`, undefined, bearer(alice.token));
    expect(JSON.stringify(present.body)).toContain(bob.id);
    // Still joined: it receives the room's messages once.
    await host.request('message:send', { room, body: 'still there?', client_msg_id: `rj-${room}` });
    await rejoiner.waitFor((f) => f.type === 'message:new');
    await expectAlive(rejoiner);
    expect(rejoiner.messages(room)).toHaveLength(1);
    await expectAlive(witness);
  });

  it('room:leave stops deliveries to that socket', async () => {
    const room = await platform.room(alice.token);
    const sender = track(await joined(A(), alice.token, room));
    const leaver = track(await joined(B(), bob.token, room));
    const stayer = track(await joined(B(), carol.token, room)); // same edge as the leaver
    await sender.request('message:send', { room, body: 'before', client_msg_id: 'l1' });
    await leaver.waitFor((f) => f.type === 'message:new');
    expect(await leaver.request('room:leave', { room })).toMatchObject({ type: 'ok' });
    await sender.request('message:send', { room, body: 'after', client_msg_id: 'l2' });
    await stayer.waitForCount((f) => f.type === 'message:new', 2);
    await expectAlive(leaver); // the edge wrote to both sockets of its room at once: a pong now comes after it
    expect(leaver.messages(room).map((m) => m.body)).toEqual(['before']);
    // Leaving a room one is not in is harmless.
    expect((await leaver.request('room:leave', { room })).type).toBe('ok');
  });

  describe('HTTP publish on the edge (POST /v1/rooms/{room}/messages)', () => {
    it('201 with the receipt, then delivered to sockets on both edges; a retry is stored once', async () => {
      const room = await platform.room(alice.token);
      const onA = track(await joined(A(), bob.token, room));
      const onB = track(await joined(B(), carol.token, room));
      const res = await publish(A(), alice.token, room, { body: 'over http', client_msg_id: 'h1' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ message_id: expect.any(String), client_msg_id: 'h1', stream_seq: expect.any(Number) });
      for (const socket of [onA, onB]) {
        const got = await socket.waitFor((f) => f.type === 'message:new');
        expect(got.payload).toMatchObject({ room, seq: 1, sender_id: alice.id, body: 'over http', client_msg_id: 'h1', message_id: res.body.message_id });
      }
      const retry = await publish(B(), alice.token, room, { body: 'over http', client_msg_id: 'h1' });
      expect(retry.status).toBe(201);
      expect(retry.body.message_id).toBe(res.body.message_id);
      await publish(A(), alice.token, room, { body: 'second', client_msg_id: 'h2' });
      await onA.waitForCount((f) => f.type === 'message:new', 2);
      expect(onA.messages(room).map((m) => m.client_msg_id)).toEqual(['h1', 'h2']);
    });

    it('413 too_large over 4,000 characters, 404 unknown room, 401 without a token, 403 private non-member, 400 malformed', async () => {
      const room = await platform.room(alice.token);
      const tooLarge = await publish(A(), alice.token, room, { body: 'x'.repeat(4_001), client_msg_id: 'big' });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.error).toMatchObject({ code: 'too_large', message: expect.any(String) });
      const unknown = await publish(A(), alice.token, 'no-such-room-anywhere', { body: 'hi', client_msg_id: 'u1' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('not_found');
      const anonymous = await publish(A(), undefined, room, { body: 'hi', client_msg_id: 'n1' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('unauthorized');
      const badToken = await http(A(), 'POST', `/v1/rooms/${room}/messages`, { body: 'hi', client_msg_id: 'n2' }, bearer('nope'));
      expect(badToken.status).toBe(401);
      const secret = await platform.room(alice.token, 'private', []);
      const forbidden = await publish(A(), bob.token, secret, { body: 'hi', client_msg_id: 'p1' });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('forbidden');
      const noBody = await publish(A(), alice.token, room, { client_msg_id: 'nb' });
      expect(noBody.status).toBe(400);
      expect(noBody.body.error.code).toBe('bad_request');
      const notJson = await http(A(), 'POST', `/v1/rooms/${room}/messages`, '{"body":', { ...bearer(alice.token), 'content-type': 'application/json' });
      expect(notJson.status).toBe(400);
      const huge = await publish(A(), alice.token, room, { body: 'x'.repeat(2 * 1024 * 1024), client_msg_id: 'huge' });
      expect(huge.status).toBe(413);
      expect((await history(platform, alice.token, room)).body.items).toEqual([]);
      expect((await history(platform, alice.token, secret)).body.items).toEqual([]);
      const ok = await publish(A(), alice.token, room, { body: 'x'.repeat(4_000), client_msg_id: 'edge' });
      expect(ok.status).toBe(201);
    });
  });

  it('history: newest first, before_seq / after_seq cursors, limit ≤ 200 (400 above)', async () => {
    const room = await platform.room(alice.token);
    const watcher = track(await joined(B(), alice.token, room));
    for (let i = 1; i <= 5; i++) expect((await publish(A(), alice.token, room, { body: `h${i}`, client_msg_id: `hist${i}` })).status).toBe(201);
    await watcher.waitForCount((f) => f.type === 'message:new', 5);
    const seqs = (res: { body: any }) => res.body.items.map((m: any) => m.seq);

    const all = await history(platform, bob.token, room);
    expect(all.status).toBe(200);
    expect(seqs(all)).toEqual([5, 4, 3, 2, 1]);
    expect(all.body.next_cursor).toBeUndefined();
    expect(all.body.items[0]).toEqual({ message_id: expect.any(String), room, seq: 5, sender_id: alice.id, body: 'h5', client_msg_id: 'hist5', created_at: expect.any(String) });

    const p1 = await history(platform, bob.token, room, 'limit=2');
    expect(seqs(p1)).toEqual([5, 4]);
    expect(p1.body.next_cursor).toBe('4');
    const p2 = await history(platform, bob.token, room, `before_seq=${p1.body.next_cursor}&limit=2`);
    expect(seqs(p2)).toEqual([3, 2]);
    expect(p2.body.next_cursor).toBe('2');
    const p3 = await history(platform, bob.token, room, `before_seq=${p2.body.next_cursor}&limit=2`);
    expect(seqs(p3)).toEqual([1]);
    expect(p3.body.next_cursor).toBeUndefined();

    const f1 = await history(platform, bob.token, room, 'after_seq=1&limit=3');
    expect(seqs(f1)).toEqual([2, 3, 4]);
    expect(f1.body.next_cursor).toBe('4');
    const f2 = await history(platform, bob.token, room, `after_seq=${f1.body.next_cursor}&limit=3`);
    expect(seqs(f2)).toEqual([5]);
    expect(f2.body.next_cursor).toBeUndefined();

    expect((await history(platform, bob.token, room, 'limit=200')).status).toBe(200);
    for (const query of ['limit=201', 'limit=0', 'limit=abc', 'before_seq=-1', 'before_seq=3&after_seq=1']) {
      const bad = await history(platform, bob.token, room, query);
      expect({ query, status: bad.status, code: bad.body?.error?.code }).toEqual({ query, status: 400, code: 'bad_request' });
    }
    expect((await history(platform, bob.token, 'no-such-room-at-all')).status).toBe(404);
    expect((await http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/${room}/messages`)).status).toBe(401);
  });

  it('room:join with since_seq recovers the missed messages in order; more than WS_RECOVERY_MAX → recovered:false', async () => {
    const strict = await platform.addEdge({ WS_RECOVERY_MAX: '3' });
    const room = await platform.room(alice.token);
    const sender = track(await joined(A(), alice.token, room));
    for (let i = 1; i <= 5; i++) await sender.request('message:send', { room, body: `r${i}`, client_msg_id: `rc${i}` });
    await sender.waitForCount((f) => f.type === 'message:new', 5);
    const recovering = track(await connected(B(), bob.token));
    const answer = await recovering.request('room:join', { room, since_seq: 2 });
    expect(answer).toMatchObject({ type: 'ok', payload: { room, last_seq: 5, recovered: true } });
    expect(answer.payload.missed.map((m: any) => m.seq)).toEqual([3, 4, 5]);
    const tooFar = track(await connected(strict.baseUrl, bob.token));
    const far = await tooFar.request('room:join', { room, since_seq: 1 });
    expect(far).toMatchObject({ type: 'ok', payload: { room, last_seq: 5, recovered: false } });
    const near = await tooFar.request('room:join', { room, since_seq: 2 });
    expect(near).toMatchObject({ type: 'ok', payload: { recovered: true } });
    expect(near.payload.missed.map((m: any) => m.seq)).toEqual([3, 4, 5]);
    // Live messages follow the recovered ones without gaps or duplicates.
    await sender.request('message:send', { room, body: 'r6', client_msg_id: 'rc6' });
    const live = await recovering.waitFor((f) => f.type === 'message:new');
    expect(live.payload.seq).toBe(6);
    await expectAlive(recovering);
    expect(recovering.messages(room).map((m) => m.seq)).toEqual([6]);
  });

  it('removing a member of a private room sends room:removed to their sockets and stops their deliveries', async () => {
    const room = await platform.room(alice.token, 'private', [bob.id, carol.id]);
    const owner = track(await joined(A(), alice.token, room));
    const removed = track(await joined(B(), bob.token, room));
    const witness = track(await joined(B(), carol.token, room)); // same edge as the removed user
    // Bob posts once, so the edge has remembered that he may post here.
    expect((await removed.request('message:send', { room, body: 'bob was here', client_msg_id: 'b1' })).type).toBe('ok');
    await witness.waitFor((f) => f.type === 'message:new');

    const res = await http(platform.cores[0].baseUrl, 'DELETE', `/v1/rooms/${room}/members/${bob.id}`, undefined, bearer(alice.token));
    expect(res.status).toBe(204);
    const notice = await removed.waitFor((f) => f.type === 'room:removed');
    expect(notice.payload).toEqual({ room });

    await owner.request('message:send', { room, body: 'after removal', client_msg_id: 'a2' });
    await witness.waitForCount((f) => f.type === 'message:new', 2);
    await expectAlive(removed);
    expect(removed.messages(room).map((m) => m.body)).toEqual(['bob was here']);

    expect(await removed.request('room:join', { room })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
    expect(await removed.request('message:send', { room, body: 'still here?', client_msg_id: 'b2' })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
    expect((await publish(A(), bob.token, room, { body: 'still here?', client_msg_id: 'b3' })).status).toBe(403);
    expect((await history(platform, bob.token, room)).status).toBe(403);
    const stored = await history(platform, alice.token, room);
    expect(stored.body.items.map((m: any) => m.body)).toEqual(['after removal', 'bob was here']);
    await expectAlive(removed);
  });
});

import { http } from '../support/auth-harness';
import { TestPlatform, type Edge } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { until } from '../support/eventually';
import { bearer, connected, expectAlive, expectEdgeAlive, history, isError, joined, metricValue, nextFrame, sendExpectingError, sleep, closeAfterEach } from './support/messaging-helpers';

/**
 * docs/protocol.md §6, limits and close codes: every bad input gets the spec's error code or close code, and
 * the server (the same socket where it stays open, otherwise a fresh one) keeps working.
 */
describe('WebSocket bad input and limits (real edge, core, NATS, PostgreSQL, Redis)', () => {
  const platform = new TestPlatform();
  let edge: Edge;
  let alice: { id: string; username: string; token: string };
  let bob: { id: string; username: string; token: string };
  let room: string;
  const track = closeAfterEach();

  beforeAll(async () => {
    await platform.start({ edges: 1 });
    edge = platform.edges[0];
    [alice, bob] = [await platform.user('alice'), await platform.user('bob')];
    room = await platform.room(alice.token);
  }, 30_000);
  afterAll(() => platform.stop());

  describe('malformed frames get error bad_request and never close the socket', () => {
    let client: WsTestClient;
    beforeAll(async () => {
      client = await connected(edge.baseUrl, alice.token);
    });
    afterAll(() => client.close());
    afterEach(async () => expectAlive(client));

    it.each([
      ['invalid JSON', '{"type": "system:ping", '],
      ['plain text', 'hello'],
      ['a JSON array', '[1,2,3]'],
      ['a JSON string', '"system:ping"'],
      ['JSON null', 'null'],
      ['a frame without type', '{"payload":{}}'],
      ['a numeric type', '{"type":42}'],
      ['a numeric id', '{"type":"system:ping","id":7}'],
      ['an empty frame', ''],
    ])('%s → error bad_request without an id', async (_, raw) => {
      const error = await sendExpectingError(client, raw);
      expect(error).toMatchObject({ type: 'error', payload: { code: 'bad_request', message: expect.any(String) } });
      expect(error.id).toBeUndefined();
    });

    it('a binary frame → error bad_request, the socket stays open', async () => {
      const error = await sendExpectingError(client, Buffer.from(JSON.stringify({ type: 'system:ping', id: 'bin' })), { binary: true });
      expect(error).toMatchObject({ type: 'error', payload: { code: 'bad_request' } });
      expect(client.closeCode).toBeUndefined();
    });

    it('an unknown frame type → error bad_request with the same id', async () => {
      expect(await client.request('chat:shout', { room })).toMatchObject({ type: 'error', payload: { code: 'bad_request' } });
      expect(await client.request('ROOM:JOIN', { room })).toMatchObject({ type: 'error', payload: { code: 'bad_request' } });
    });

    it.each<[string, string, object | undefined]>([
      ['room:join without room', 'room:join', {}],
      ['room:join without payload', 'room:join', undefined],
      ['room:leave without room', 'room:leave', {}],
      ['message:send without body', 'message:send', { room: 'placeholder', client_msg_id: 'c1' }],
      ['message:send with an empty body', 'message:send', { room: 'placeholder', body: '', client_msg_id: 'c1' }],
      ['message:send without client_msg_id', 'message:send', { room: 'placeholder', body: 'hi' }],
      ['message:send without room or to_user', 'message:send', { body: 'hi', client_msg_id: 'c1' }],
      ['message:typing without room', 'message:typing', {}],
      ['message:read without seq', 'message:read', { room: 'placeholder' }],
      ['auth without token', 'auth', {}],
    ])('missing fields: %s → bad_request', async (_, type, payload) => {
      const withRoom = payload && 'room' in payload ? { ...payload, room } : payload;
      expect(await client.request(type, withRoom)).toMatchObject({ type: 'error', payload: { code: 'bad_request', message: expect.any(String) } });
    });

    it.each<[string, string, unknown]>([
      ['room as a number', 'room:join', { room: 42 }],
      ['room as an object', 'room:join', { room: { name: 'x' } }],
      ['an invalid room name', 'room:join', { room: 'Not A Room!' }],
      ['a room name over 64 characters', 'room:join', { room: 'a'.repeat(65) }],
      ['since_seq as a string', 'room:join', { room: '__ROOM__', since_seq: '3' }],
      ['a negative since_seq', 'room:join', { room: '__ROOM__', since_seq: -1 }],
      ['body as a number', 'message:send', { room: '__ROOM__', body: 123, client_msg_id: 'c1' }],
      ['client_msg_id as a number', 'message:send', { room: '__ROOM__', body: 'hi', client_msg_id: 1 }],
      ['to_user not a user id', 'message:send', { to_user: 'bob', body: 'hi', client_msg_id: 'c1' }],
      ['seq as a string', 'message:read', { room: '__ROOM__', seq: '1' }],
      ['payload as a string', 'room:join', 'general'],
      ['payload as an array', 'room:join', ['general']],
    ])('wrong types: %s → bad_request', async (_, type, payload) => {
      const fixed = JSON.parse(JSON.stringify(payload).replace(/__ROOM__/g, room));
      const id = `wt-${Math.random().toString(36).slice(2)}`;
      client.send({ type, id, payload: fixed });
      const answer = await client.waitFor((f) => f.id === id);
      expect(answer).toMatchObject({ type: 'error', id, payload: { code: 'bad_request' } });
    });

    it('every frame with an id gets exactly one answer with that id', async () => {
      const ids = ['x1', 'x2', 'x3', 'x4'];
      client.send({ type: 'system:ping', id: 'x1' });
      client.send({ type: 'nope', id: 'x2' });
      client.send({ type: 'room:join', id: 'x3', payload: {} });
      client.send({ type: 'room:join', id: 'x4', payload: { room } });
      await client.waitForCount((f) => f.id !== undefined && ids.includes(f.id), 4);
      await expectAlive(client); // a later answer: nothing more for x1..x4 may follow it
      for (const id of ids) expect(client.frames.filter((f) => f.id === id)).toHaveLength(1);
      expect(client.frames.find((f) => f.id === 'x1')?.type).toBe('system:pong');
      expect(client.frames.find((f) => f.id === 'x4')?.type).toBe('ok');
    });
  });

  it('a 2 MB frame closes the socket with 1009; other sockets and new connections keep working', async () => {
    const bystander = track(await connected(edge.baseUrl, bob.token));
    const big = track(await connected(edge.baseUrl, alice.token));
    big.send({ type: 'message:send', id: 'big', payload: { room, body: 'x'.repeat(2 * 1024 * 1024), client_msg_id: 'big' } });
    expect(await big.waitClosed(10_000)).toBe(1009);
    expect(big.frames.find((f) => f.id === 'big')).toBeUndefined();
    await expectAlive(bystander);
    await expectEdgeAlive(edge, alice.token);
  });

  it('a frame just over WS_MAX_FRAME_BYTES (64 KiB) closes with 1009; one just under is accepted', async () => {
    const under = track(await connected(edge.baseUrl, alice.token));
    const filler = 'x'.repeat(65_536 - 200);
    const answer = await under.request('no:such', { filler });
    expect(answer).toMatchObject({ type: 'error', payload: { code: 'bad_request' } });
    await expectAlive(under);
    const over = track(await connected(edge.baseUrl, alice.token));
    over.send({ type: 'no:such', id: 'over', payload: { filler: 'x'.repeat(65_537) } });
    expect(await over.waitClosed()).toBe(1009);
    await expectAlive(under);
  });

  it('a 10,000-character body → error too_large, nothing stored, the socket keeps working', async () => {
    const own = await platform.room(alice.token);
    const sender = track(await joined(edge.baseUrl, alice.token, own));
    const answer = await sender.request('message:send', { room: own, body: 'y'.repeat(10_000), client_msg_id: 'huge' });
    expect(answer).toMatchObject({ type: 'error', payload: { code: 'too_large' } });
    // Exactly 4,000 characters is allowed (over 4,000 is too_large); 4,001 is not.
    expect(await sender.request('message:send', { room: own, body: 'z'.repeat(4_001), client_msg_id: 'just-over' })).toMatchObject({ type: 'error', payload: { code: 'too_large' } });
    await expectAlive(sender);
    const ok = await sender.request('message:send', { room: own, body: 'w'.repeat(4_000), client_msg_id: 'at-limit' });
    expect(ok).toMatchObject({ type: 'ok', payload: { client_msg_id: 'at-limit' } });
    const delivered = await sender.waitFor((f) => f.type === 'message:new');
    expect(delivered.payload).toMatchObject({ seq: 1, client_msg_id: 'at-limit' });
    const stored = await history(platform, alice.token, own);
    expect(stored.status).toBe(200);
    expect(stored.body.items.map((m: any) => m.client_msg_id)).toEqual(['at-limit']);
  });

  it('a client_msg_id with CR, LF, a space or a control character is bad_request over WebSocket and HTTP, and nothing is stored', async () => {
    const own = await platform.room(alice.token);
    const sender = track(await joined(edge.baseUrl, alice.token, own));
    for (const id of ['a\r\nb', 'a\nNats-Msg-Id: x', 'with space', 'tab\t', '\u0001', 'é'])
      expect(await sender.request('message:send', { room: own, body: 'x', client_msg_id: id })).toMatchObject({ type: 'error', payload: { code: 'bad_request' } });
    const viaHttp = await http(edge.baseUrl, 'POST', `/v1/rooms/${own}/messages`, { body: 'x', client_msg_id: 'a\r\nb' }, bearer(alice.token));
    expect(viaHttp.status).toBe(400);
    expect(viaHttp.body.error.message).toContain('client_msg_id');
    await expectAlive(sender);
    expect((await history(platform, alice.token, own)).body.items).toEqual([]);
  });

  it('4,000 characters outside the BMP (8,000 UTF-16 units) are stored and delivered, not dead-lettered', async () => {
    const own = await platform.room(alice.token);
    const sender = track(await joined(edge.baseUrl, alice.token, own));
    const body = '🙂'.repeat(4_000);
    expect(await sender.request('message:send', { room: own, body, client_msg_id: 'astral' })).toMatchObject({ type: 'ok' });
    const delivered = await sender.waitFor((f) => f.type === 'message:new');
    expect(delivered.payload).toMatchObject({ seq: 1, client_msg_id: 'astral', body });
  });

  it('an unknown room → not_found for room:join and message:send; the socket keeps working', async () => {
    const client = track(await connected(edge.baseUrl, alice.token));
    expect(await client.request('room:join', { room: 'no-such-room-here' })).toMatchObject({ type: 'error', payload: { code: 'not_found' } });
    expect(await client.request('message:send', { room: 'no-such-room-here', body: 'hi', client_msg_id: 'nf' })).toMatchObject({ type: 'error', payload: { code: 'not_found' } });
    expect(await client.request('message:read', { room: 'no-such-room-here', seq: 1 })).toMatchObject({ type: 'error', payload: { code: 'not_found' } });
    await expectAlive(client);
    expect(await client.request('room:join', { room })).toMatchObject({ type: 'ok', payload: { room } });
  });

  it('a private room without membership → error forbidden; the third forbidden join closes with 4003', async () => {
    const secret = await platform.room(alice.token, 'private', []);
    const intruder = track(await connected(edge.baseUrl, bob.token));
    expect(await intruder.request('room:join', { room: secret })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
    await expectAlive(intruder);
    expect(await intruder.request('message:send', { room: secret, body: 'let me in', client_msg_id: 'f1' })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
    await expectAlive(intruder);
    expect(await intruder.request('room:join', { room: secret })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
    await expectAlive(intruder);
    intruder.send({ type: 'room:join', id: 'third', payload: { room: secret } });
    expect(await intruder.waitClosed()).toBe(4003);
    expect(intruder.frames.find((f) => f.id === 'third')).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
    // Nothing was stored in the private room, and the edge still works for the intruder.
    expect((await history(platform, alice.token, secret)).body.items).toEqual([]);
    await expectEdgeAlive(edge, bob.token);
  });

  it('a single forbidden join between successful ones never closes the socket', async () => {
    const secret = await platform.room(alice.token, 'private', []);
    const client = track(await connected(edge.baseUrl, bob.token));
    for (let i = 0; i < 4; i++) {
      expect(await client.request('room:join', { room: secret })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
      expect(await client.request('room:join', { room })).toMatchObject({ type: 'ok' });
    }
    await expectAlive(client);
  });

  describe('rate limit (edge with WS_RATE_PER_SEC=5, burst 10)', () => {
    let limited: Edge;
    beforeAll(async () => {
      limited = await platform.addEdge({ WS_RATE_PER_SEC: '5' });
    });

    it('a burst past the limit gets rate_limited errors, the socket stays open and recovers', async () => {
      const client = track(await connected(limited.baseUrl, alice.token));
      for (let i = 0; i < 25; i++) client.send({ type: 'system:ping', id: `b${i}` });
      const errors = await client.waitForCount(isError('rate_limited'), 10);
      expect(errors[0].payload.message).toEqual(expect.any(String));
      const pongs = client.frames.filter((f) => f.type === 'system:pong');
      expect(pongs.length).toBeGreaterThanOrEqual(10); // the burst
      expect(pongs.length).toBeLessThanOrEqual(15);
      expect(client.closeCode).toBeUndefined();
      // After a refill the same socket answers again.
      await until(
        async () => {
          const id = `again-${Math.random()}`;
          client.send({ type: 'system:ping', id });
          const answer = await nextFrame(client, (f) => f.id === id || (f.type === 'error' && f.payload?.code === 'rate_limited'), 2_000);
          return answer.type === 'system:pong';
        },
        5_000,
        'a pong after the refill',
        250,
      );
      expect(client.closeCode).toBeUndefined();
    });

    // docs/protocol.md §2: a client frame with an id gets exactly one answer with that id, also when refused for rate.
    it('a rate-limited frame with an id is answered with that id (error rate_limited)', async () => {
      const client = track(await connected(limited.baseUrl, bob.token));
      const ids = Array.from({ length: 20 }, (_, i) => `q${i}`);
      for (const id of ids) client.send({ type: 'system:ping', id });
      await client.waitForCount((f) => f.type === 'system:pong' || isError('rate_limited')(f), 20);
      const refused = client.frames.filter(isError('rate_limited'));
      expect(refused.length).toBeGreaterThan(0);
      for (const id of ids) expect(client.frames.filter((f) => f.id === id)).toHaveLength(1);
      expect(refused.map((f) => f.id).every((id) => id !== undefined && ids.includes(id))).toBe(true);
    });

    it("a rate-limited frame is answered with its own envelope's id: not one in its payload, however far in or escaped", async () => {
      const client = track(await connected(limited.baseUrl, bob.token));
      for (let i = 0; i < 15; i++) client.send({ type: 'system:ping' }); // spend the burst
      client.send('{"type":"message:send","payload":{"id":"decoy","room":"x","body":"b","client_msg_id":"c"},"id":"real1"}');
      client.send(`{"type":"system:ping","payload":{"pad":"${'p'.repeat(600)}"},"id":"late-id"}`);
      client.send('{"type":"system:ping","id":"esc\\u0061ped"}');
      const answers = await client.waitForCount((f) => ['real1', 'late-id', 'escaped', 'decoy'].includes(f.id as string), 3);
      expect(answers.map((f) => [f.id, f.payload?.code])).toEqual([
        ['real1', 'rate_limited'],
        ['late-id', 'rate_limited'],
        ['escaped', 'rate_limited'],
      ]);
      await sleep(100);
      expect(client.frames.some((f) => f.id === 'decoy')).toBe(false);
    });

    it('flooding on closes the socket with 4029; a fresh connection works', async () => {
      const client = track(await connected(limited.baseUrl, alice.token));
      for (let i = 0; i < 200 && client.closeCode === undefined; i++) client.send({ type: 'system:ping', id: `f${i}` });
      expect(await client.waitClosed(10_000)).toBe(4029);
      expect(client.frames.filter(isError('rate_limited')).length).toBeGreaterThan(0);
      expect(client.frames.filter((f) => f.type === 'system:pong').length).toBeGreaterThanOrEqual(10);
      await expectEdgeAlive(limited, alice.token);
    });
  });

  it('a client that never reads is closed with 4008; other subscribers get every message in order', async () => {
    const small = await platform.addEdge({ WS_MAX_BUFFERED_BYTES: '65536' });
    const [reader, sleeper] = [await platform.user('reader'), await platform.user('sleeper')];
    const busy = await platform.room(alice.token);
    const slow = track(await joined(small.baseUrl, sleeper.token, busy));
    const fast = track(await joined(small.baseUrl, reader.token, busy));
    const other = track(await joined(platform.edges[0].baseUrl, bob.token, busy));
    const tcp = (slow.socket as any)._socket as import('node:net').Socket;
    tcp.pause();

    // Resume the paused client as soon as the edge reports it cut it, so it reads the close frame
    // before the edge gives up on it and terminates the TCP connection.
    let cut = false;
    const watcher = (async () => {
      while (!cut) {
        if ((await metricValue(small.baseUrl, 'realtime_errors_total', { type: 'slow_consumer' })) >= 1) {
          cut = true;
          tcp.resume();
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const body = 'm'.repeat(3_900);
    let sent = 0;
    while (!cut && sent < 4_000) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, k) => http(small.baseUrl, 'POST', `/v1/rooms/${busy}/messages`, { body, client_msg_id: `m${sent + k}` }, bearer(alice.token))),
      );
      expect(batch.every((r) => r.status === 201)).toBe(true);
      sent += 50;
      await fast.waitForCount((f) => f.type === 'message:new', sent, 20_000);
    }
    await watcher;
    expect(cut).toBe(true);
    expect(await slow.waitClosed(10_000)).toBe(4008);
    // Everyone else got every message, in seq order, without gaps.
    for (const subscriber of [fast, other]) {
      await subscriber.waitForCount((f) => f.type === 'message:new', sent, 20_000);
      expect(subscriber.messages(busy).map((m) => m.seq)).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
      await expectAlive(subscriber);
    }
    // The slow socket got an in-order prefix and nothing after its cut.
    const got = slow.messages(busy).map((m) => m.seq);
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => i + 1));
    expect(got.length).toBeLessThan(sent);
    await expectEdgeAlive(small, sleeper.token);
  }, 60_000);

  it('a client silent past WS_PONG_TIMEOUT is dropped; one that answers pings stays', async () => {
    const strict = await platform.addEdge({ WS_PING_INTERVAL: '100ms', WS_PONG_TIMEOUT: '500ms' });
    const silent = track(await connected(strict.baseUrl, alice.token, { autoPong: false }));
    const lively = track(await connected(strict.baseUrl, bob.token, { autoPong: true }));
    const started = Date.now();
    // Dropped (terminated, so the client sees 1006) after the pong timeout, not long after it.
    expect(await silent.waitClosed(5_000)).toBe(1006);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expectAlive(lively);
    expect(lively.closeCode).toBeUndefined();
  });

  it('the edge still serves HTTP and WebSocket after all of the above', async () => {
    const res = await http(edge.baseUrl, 'GET', '/health');
    expect(res.status).toBe(200);
    await expectEdgeAlive(edge, alice.token);
  });
});

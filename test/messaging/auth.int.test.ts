import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { JwtAccessTokenSigner } from '../../auth/adapters/outbound/jwt/jwt-access-token.signer';
import { JwtKeyring } from '../../auth/adapters/outbound/jwt/jwt.keyring';
import { http } from '../support/auth-harness';
import { PLATFORM_JWT_SECRET, TestPlatform, type Edge } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { bearer, connected, expectAlive, expectEdgeAlive, jwtExp, joined, sleep, closeAfterEach } from './support/messaging-helpers';

type User = { id: string; username: string; token: string };

async function login(platform: TestPlatform, user: User): Promise<string> {
  const res = await http(platform.auth.baseUrl, 'POST', '/v1/auth/login', { username: user.username, password: 'password123' });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.access_token as string;
}

async function refused(connecting: Promise<WsTestClient>): Promise<number | undefined> {
  try {
    const client = await connecting;
    client.close();
    return undefined;
  } catch (error) {
    return (error as { status?: number }).status;
  }
}

/** Authentication (docs/protocol.md §1): header, ?token=, first `auth` frame; 4001, 4010, revocation, guests. */
describe('WebSocket authentication (real auth over gRPC, edges, NATS revocations)', () => {
  const platform = new TestPlatform();
  let alice: User;
  let bob: User;
  let room: string;
  const track = closeAfterEach();

  beforeAll(async () => {
    await platform.start({ edges: 2 });
    [alice, bob] = [await platform.user('alice'), await platform.user('bob')];
    room = await platform.room(alice.token);
  }, 30_000);
  afterAll(() => platform.stop());

  describe('no token (edge with WS_AUTH_TIMEOUT=300ms)', () => {
    let quick: Edge;
    beforeAll(async () => {
      quick = await platform.addEdge({ WS_AUTH_TIMEOUT: '300ms' });
    });

    it('is closed with 4001 after WS_AUTH_TIMEOUT, without a greeting; commands before auth get unauthorized', async () => {
      const started = Date.now();
      const client = track(await WsTestClient.connect(quick.baseUrl));
      expect(await client.request('room:join', { room })).toMatchObject({ type: 'error', payload: { code: 'unauthorized' } });
      expect(await client.request('message:send', { room, body: 'anon', client_msg_id: 'a1' })).toMatchObject({ type: 'error', payload: { code: 'unauthorized' } });
      expect(await client.waitClosed(5_000)).toBe(4001);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(client.frames.some((f) => f.type === 'system:connected')).toBe(false);
      await expectEdgeAlive(quick, alice.token);
    });

    it('a socket that authenticated with a first `auth` frame outlives the auth timeout', async () => {
      const client = track(await WsTestClient.connect(quick.baseUrl));
      expect(await client.request('auth', { token: alice.token })).toMatchObject({ type: 'ok', payload: { user_id: alice.id } });
      await sleep(600); // twice WS_AUTH_TIMEOUT
      await expectAlive(client);
    });
  });

  it.each(['header', 'query'] as const)('a bad token via %s → the upgrade is refused with HTTP 401', async (via) => {
    const edge = platform.edges[0];
    expect(await refused(WsTestClient.connect(edge.baseUrl, 'not-a-jwt', { via }))).toBe(401);
    const forged = jwt.sign({ sub: alice.id, jti: 'x', sid: 'y', username: alice.username }, 'some-other-secret-that-is-32-characters-long', {
      expiresIn: 600,
      issuer: 'realtime-auth',
      audience: 'realtime',
    });
    expect(await refused(WsTestClient.connect(edge.baseUrl, forged, { via }))).toBe(401);
    // A token with a flipped signature byte.
    const tampered = alice.token.slice(0, -3) + (alice.token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect(await refused(WsTestClient.connect(edge.baseUrl, tampered, { via }))).toBe(401);
    await expectEdgeAlive(edge, alice.token);
  });

  /** A token signed with the platform's real key: only the claims tell it apart. */
  const signedWith = (claims: { userId: string; ttlSeconds?: number; issuedSecondsAgo?: number }) =>
    new JwtAccessTokenSigner(JwtKeyring.fromSecret(PLATFORM_JWT_SECRET), { issuer: 'realtime-auth', audience: 'realtime', ttlSeconds: claims.ttlSeconds ?? 600 }, { now: () => new Date(Date.now() - (claims.issuedSecondsAgo ?? 0) * 1000) }).issue({
      userId: claims.userId,
      username: 'forged',
      role: 'user',
      sessionId: randomUUID(),
    }).token;

  it.each(['>', '*', 'a b', `${'1'.repeat(3)}.x`])('a validly signed token whose sub is %j (a subject wildcard, a space…) is refused at the upgrade with 401', async (sub) => {
    expect(await refused(WsTestClient.connect(platform.edges[0].baseUrl, signedWith({ userId: sub })))).toBe(401);
    await expectEdgeAlive(platform.edges[0], alice.token);
  });

  it('a token expired a second ago is refused at the upgrade with 401 (no leeway), not greeted and then closed', async () => {
    const expired = signedWith({ userId: alice.id, ttlSeconds: 60, issuedSecondsAgo: 61 });
    expect(await refused(WsTestClient.connect(platform.edges[0].baseUrl, expired))).toBe(401);
    expect((await http(platform.cores[0].baseUrl, 'GET', '/v1/rooms', undefined, bearer(expired))).status).toBe(401);
  });

  it('a token via ?token= works', async () => {
    const client = track(await WsTestClient.connect(platform.edges[1].baseUrl, alice.token, { via: 'query' }));
    const hello = await client.waitFor((f) => f.type === 'system:connected');
    expect(hello.payload).toEqual({ connection_id: expect.any(String), user_id: alice.id, heartbeat_ms: expect.any(Number) });
    expect(await client.request('room:join', { room })).toMatchObject({ type: 'ok', payload: { room } });
    expect(await client.request('message:send', { room, body: 'via query', client_msg_id: 'q1' })).toMatchObject({ type: 'ok' });
  });

  it('a first `auth` frame authenticates: ok, then system:connected; the socket can chat', async () => {
    const client = track(await WsTestClient.connect(platform.edges[0].baseUrl));
    // Before auth: a ping is answered, and no greeting came before its pong.
    await expectAlive(client);
    expect(client.frames.some((f) => f.type === 'system:connected')).toBe(false);
    expect(await client.request('auth', { token: bob.token })).toMatchObject({ type: 'ok', payload: { user_id: bob.id, expires_at: expect.any(Number) } });
    const hello = await client.waitFor((f) => f.type === 'system:connected');
    expect(hello.payload).toMatchObject({ user_id: bob.id, connection_id: expect.any(String) });
    expect(await client.request('room:join', { room })).toMatchObject({ type: 'ok' });
    const sent = await client.request('message:send', { room, body: 'after auth frame', client_msg_id: 'af1' });
    expect(sent).toMatchObject({ type: 'ok', payload: { client_msg_id: 'af1' } });
    const own = await client.waitFor((f) => f.type === 'message:new' && f.payload.client_msg_id === 'af1');
    expect(own.payload.sender_id).toBe(bob.id);
  });

  it('an `auth` frame with a bad token → error unauthorized and close 4001', async () => {
    const client = track(await WsTestClient.connect(platform.edges[0].baseUrl));
    client.send({ type: 'auth', id: 'bad', payload: { token: 'definitely.not.valid' } });
    expect(await client.waitClosed()).toBe(4001);
    expect(client.frames.find((f) => f.id === 'bad')).toMatchObject({ type: 'error', payload: { code: 'unauthorized' } });
    await expectEdgeAlive(platform.edges[0], alice.token);
  });

  it("logout (POST /v1/auth/logout) closes that session's sockets on every edge with 4001; others stay", async () => {
    const carol = await platform.user('carol');
    const onA = track(await joined(platform.edges[0].baseUrl, carol.token, room));
    const onB = track(await joined(platform.edges[1].baseUrl, carol.token, room));
    const bystander = track(await joined(platform.edges[1].baseUrl, bob.token, room));
    const res = await http(platform.auth.baseUrl, 'POST', '/v1/auth/logout', undefined, bearer(carol.token));
    expect(res.status).toBe(204);
    expect(await onA.waitClosed(5_000)).toBe(4001);
    expect(await onB.waitClosed(5_000)).toBe(4001);
    await expectAlive(bystander);
    // The revoked token no longer opens a socket, on either edge (no stale cache).
    expect(await refused(WsTestClient.connect(platform.edges[0].baseUrl, carol.token))).toBe(401);
    expect(await refused(WsTestClient.connect(platform.edges[1].baseUrl, carol.token, { via: 'query' }))).toBe(401);
    // Signing in again works.
    const fresh = track(await connected(platform.edges[0].baseUrl, await login(platform, carol)));
    await expectAlive(fresh);
  });

  it('after logout the access token is refused by the edge HTTP API (401)', async () => {
    const dave = await platform.user('dave');
    const post = () => http(platform.edges[0].baseUrl, 'POST', `/v1/rooms/${room}/messages`, { body: 'hi', client_msg_id: `lo-${Math.random()}` }, bearer(dave.token));
    expect((await post()).status).toBe(201); // the edge has now cached the token as valid
    expect((await http(platform.auth.baseUrl, 'POST', '/v1/auth/logout', undefined, bearer(dave.token))).status).toBe(204);
    // The revocation reaches the edge over NATS: allow it a moment (far less than the 30 s token cache).
    let after = await post();
    for (let i = 0; i < 30 && after.status !== 401; i++) {
      await sleep(100);
      after = await post();
    }
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
  });

  // Logout ends the session, its access tokens included, on every service that accepts them.
  it('after logout the access token is refused by the core HTTP API (401), even if it was cached', async () => {
    const erin = await platform.user('erin');
    const list = () => http(platform.cores[0].baseUrl, 'GET', '/v1/rooms', undefined, bearer(erin.token));
    expect((await list()).status).toBe(200); // the core has now cached the token as valid
    expect((await http(platform.auth.baseUrl, 'POST', '/v1/auth/logout', undefined, bearer(erin.token))).status).toBe(204);
    // Allow 3 s for the revocation to propagate (far less than TOKEN_CACHE_TTL, 30 s by default).
    let after = await list();
    for (let i = 0; i < 30 && after.status !== 401; i++) {
      await sleep(100);
      after = await list();
    }
    expect(after.status).toBe(401);
  });

  describe('anonymous guests (edge with WS_ALLOW_ANONYMOUS=true)', () => {
    let guests: Edge;
    beforeAll(async () => {
      guests = await platform.addEdge({ WS_ALLOW_ANONYMOUS: 'true' });
    });

    it('a guest can join and read a public room, but message:send, typing and read are forbidden', async () => {
      const guest = track(await WsTestClient.connect(guests.baseUrl));
      const hello = await guest.waitFor((f) => f.type === 'system:connected');
      expect(hello.payload).toMatchObject({ user_id: null, connection_id: expect.any(String) });
      expect(await guest.request('room:join', { room })).toMatchObject({ type: 'ok', payload: { room } });
      const speaker = track(await joined(platform.edges[0].baseUrl, alice.token, room));
      const sent = await speaker.request('message:send', { room, body: 'for everyone', client_msg_id: `g-${Date.now()}` });
      expect(sent.type).toBe('ok');
      const seen = await guest.waitFor((f) => f.type === 'message:new' && f.payload.message_id === sent.payload.message_id);
      expect(seen.payload).toMatchObject({ body: 'for everyone', sender_id: alice.id });
      expect(await guest.request('message:send', { room, body: 'guest speaking', client_msg_id: 'g1' })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
      expect(await guest.request('message:send', { to_user: alice.id, body: 'guest dm', client_msg_id: 'g2' })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
      expect(await guest.request('message:typing', { room })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
      expect(await guest.request('message:read', { room, seq: 1 })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
      await expectAlive(guest);
      const stored = await http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/${room}/messages?limit=200`, undefined, bearer(alice.token));
      expect(stored.body.items.some((m: any) => m.body.startsWith('guest'))).toBe(false);
    });

    it('a guest cannot join a private room (forbidden) and stays connected after one attempt', async () => {
      const secret = await platform.room(alice.token, 'private', [bob.id]);
      const guest = track(await WsTestClient.connect(guests.baseUrl));
      await guest.waitFor((f) => f.type === 'system:connected');
      expect(await guest.request('room:join', { room: secret })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
      await expectAlive(guest);
    });

    it('a guest that sends an `auth` frame becomes that user and may post', async () => {
      const guest = track(await WsTestClient.connect(guests.baseUrl));
      await guest.waitFor((f) => f.type === 'system:connected');
      expect((await guest.request('room:join', { room })).type).toBe('ok');
      expect(await guest.request('auth', { token: bob.token })).toMatchObject({ type: 'ok', payload: { user_id: bob.id } });
      const sent = await guest.request('message:send', { room, body: 'no longer a guest', client_msg_id: `ng-${Date.now()}` });
      expect(sent).toMatchObject({ type: 'ok' });
      const own = await guest.waitFor((f) => f.type === 'message:new' && f.payload.message_id === sent.payload.message_id);
      expect(own.payload.sender_id).toBe(bob.id);
    });

    it('a bad token is still refused with 401 on an edge that admits guests', async () => {
      expect(await refused(WsTestClient.connect(guests.baseUrl, 'not-a-jwt'))).toBe(401);
      await expectEdgeAlive(guests, alice.token);
    });
  });
});

describe('token expiry (ACCESS_TOKEN_TTL=2s)', () => {
  const platform = new TestPlatform({ ACCESS_TOKEN_TTL: '2s' });
  beforeAll(async () => {
    await platform.start({ edges: 1 });
  }, 30_000);
  afterAll(() => platform.stop());

  it('a socket is closed with 4010 when its token expires', async () => {
    const user = await platform.user('exp');
    const exp = jwtExp(user.token);
    const client = await connected(platform.edges[0].baseUrl, user.token);
    expect(await client.waitClosed(6_000)).toBe(4010);
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 100);
  });

  it('an auth:refresh with a fresh token before expiry keeps the socket open until the new expiry', async () => {
    const user = await platform.user('ref');
    const exp = jwtExp(user.token);
    const client = await connected(platform.edges[0].baseUrl, user.token);
    // Log in again until the new token expires strictly later than the first (exp has 1 s resolution).
    let fresh = await login(platform, user);
    while (jwtExp(fresh) <= exp) {
      await sleep(200);
      fresh = await login(platform, user);
    }
    expect(client.closeCode).toBeUndefined();
    expect(await client.request('auth:refresh', { token: fresh })).toMatchObject({ type: 'ok', payload: { user_id: user.id, expires_at: jwtExp(fresh) } });
    // A refresh with another user's token is refused and changes nothing.
    const other = await platform.user('other');
    expect(await client.request('auth:refresh', { token: other.token })).toMatchObject({ type: 'error', payload: { code: 'unauthorized' } });
    // Past the first token's expiry the socket is still open and working.
    await sleep(Math.max(0, exp * 1000 + 300 - Date.now()));
    await expectAlive(client);
    expect(await client.waitClosed(6_000)).toBe(4010);
    expect(Date.now()).toBeGreaterThanOrEqual(jwtExp(fresh) * 1000 - 100);
  });
});

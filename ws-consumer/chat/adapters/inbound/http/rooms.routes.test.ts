import { randomUUID } from 'node:crypto';
import { PublicError } from '#kernel/errors/error-kind';
import { createLogger } from '#kernel/logging/logger';
import { createMetricsRegistry } from '#kernel/metrics/metrics-registry';
import { startHttpServer, type HttpServerHandle } from '#kernel/http/http-server';
import type { Principal } from '#contracts/auth/principal';
import { createInMemoryChatContainer, type InMemoryChat } from '../../outbound/memory/in-memory-chat.container';
import { translateChatError } from '../chat-error.translator';
import { resolveRoomsUseCases, roomsRoutes } from './rooms.routes';

// The routes over real HTTP in-process, with the use cases on in-memory fakes and a stand-in
// authenticator (`Bearer user-<id>`): status codes, parameter parsing, error mapping, OpenAPI.
// The end-to-end test of the started service (real auth, PostgreSQL, Redis) lives with main.ts.

function principal(token: string): Principal {
  const match = /^user-(\d+)$/.exec(token);
  if (!match) throw new PublicError('unauthorized', 'invalid token');
  return { userId: match[1], username: `user${match[1]}`, role: 'user', tokenId: randomUUID(), sessionId: randomUUID(), expiresAt: Math.floor(Date.now() / 1000) + 900, token };
}

describe('rooms HTTP routes', () => {
  let core: InMemoryChat;
  let server: HttpServerHandle;
  let baseUrl: string;

  beforeAll(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    const c = core.container;
    server = await startHttpServer({
      service: 'ws-consumer-test',
      version: 'test',
      description: 'rooms routes under test',
      port: 0,
      portVariable: 'CONSUMER_HTTP_PORT',
      logger: createLogger('ws-consumer-test', 'silent'),
      metrics: createMetricsRegistry('ws-consumer-test'),
      readiness: [],
      maxBodyBytes: 65_536,
      translateError: translateChatError,
      authenticate: async (token) => principal(token),
      routes: roomsRoutes(resolveRoomsUseCases(c)),
    });
    baseUrl = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  async function call(method: string, path: string, as: string | undefined, body?: unknown) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(as ? { authorization: `Bearer user-${as}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  // Rooms are named per test: the fakes live for the whole file.
  let n = 0;
  const aRoom = () => `room-${++n}-${randomUUID().slice(0, 8)}`;

  it('requires a bearer token on every route', async () => {
    for (const [method, path] of [
      ['POST', '/v1/rooms'],
      ['GET', '/v1/rooms'],
      ['POST', '/v1/rooms/x/members/1'],
      ['DELETE', '/v1/rooms/x/members/1'],
      ['GET', '/v1/rooms/x/members'],
      ['GET', '/v1/rooms/x/messages'],
      ['GET', '/v1/rooms/x/presence'],
    ]) {
      const res = await call(method, path, undefined, method === 'POST' && path === '/v1/rooms' ? { name: 'x', visibility: 'public' } : undefined);
      expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 401, 'unauthorized']);
    }
  });

  it('creates a room (201) and lists it for its members only', async () => {
    const name = aRoom();
    const created = await call('POST', '/v1/rooms', '1', { name, visibility: 'private', members: ['2'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name, visibility: 'private', last_seq: 0, created_at: expect.any(String) });

    const forMember = await call('GET', '/v1/rooms?limit=200', '2');
    expect(forMember.status).toBe(200);
    expect(forMember.body.items.map((r: { name: string }) => r.name)).toContain(name);
    const forOther = await call('GET', '/v1/rooms', '3');
    expect(forOther.body.items.map((r: { name: string }) => r.name)).not.toContain(name);
  });

  it('pages the room list with next_cursor', async () => {
    const names = [aRoom(), aRoom(), aRoom()].sort();
    for (const name of names) await call('POST', '/v1/rooms', '3', { name, visibility: 'private' });
    const first = await call('GET', '/v1/rooms?limit=2', '3');
    expect(first.body.items.map((r: { name: string }) => r.name)).toEqual(names.slice(0, 2));
    expect(first.body.next_cursor).toBe(names[1]);
    const second = await call('GET', `/v1/rooms?limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`, '3');
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: names[2] })] });
  });

  it('answers domain errors with their status, kind and dotted reason', async () => {
    const name = aRoom();
    await call('POST', '/v1/rooms', '1', { name, visibility: 'private' });
    expect(await call('POST', '/v1/rooms', '2', { name, visibility: 'public' })).toMatchObject({ status: 409, body: { error: { code: 'conflict', reason: 'ROOM.ALREADY_EXISTS' } } });
    expect(await call('POST', '/v1/rooms', '1', { name: 'dm:1:2', visibility: 'private' })).toMatchObject({ status: 400, body: { error: { code: 'bad_request', reason: 'ROOM.INVALID' } } });
    expect(await call('POST', '/v1/rooms', '1', { name: aRoom(), visibility: 'public', members: ['404'] })).toMatchObject({ status: 404, body: { error: { reason: 'USER.NOT_FOUND' } } });
    expect(await call('GET', `/v1/rooms/${name}/messages`, '2')).toMatchObject({ status: 403, body: { error: { code: 'forbidden', reason: 'ROOM.FORBIDDEN' } } });
    expect(await call('GET', `/v1/rooms/${aRoom()}/members`, '1')).toMatchObject({ status: 404, body: { error: { code: 'not_found', reason: 'ROOM.NOT_FOUND' } } });
  });

  it('answers 400 with field details for a bad body, path or query', async () => {
    const badBody = await call('POST', '/v1/rooms', '1', { name: 'Not Valid', visibility: 'secret' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['name', 'visibility']);
    expect((await call('POST', '/v1/rooms/general/members/alice', '1')).status).toBe(400);
    expect((await call('GET', '/v1/rooms/general/messages?limit=500', '1')).status).toBe(400);
    expect((await call('GET', '/v1/rooms/general/messages?before_seq=5&after_seq=1', '1')).status).toBe(400);
  });

  it('adds (204) and removes (204) members, kicking the removed user’s sockets from a private room', async () => {
    const name = aRoom();
    await call('POST', '/v1/rooms', '1', { name, visibility: 'private' });
    expect((await call('POST', `/v1/rooms/${name}/members/2`, '1')).status).toBe(204);
    expect(await call('GET', `/v1/rooms/${name}/members`, '2')).toEqual({ status: 200, body: { items: ['1', '2'] } });
    expect((await call('POST', `/v1/rooms/${name}/members/3`, '3')).status).toBe(403);

    expect((await call('DELETE', `/v1/rooms/${name}/members/2`, '1')).status).toBe(204);
    expect(core.delivery.removed).toContainEqual({ room: name, userId: '2' });
    expect((await call('GET', `/v1/rooms/${name}/members`, '2')).status).toBe(403);
  });

  it('reads history newest first with next_cursor, and oldest first with after_seq', async () => {
    const name = aRoom();
    await call('POST', '/v1/rooms', '1', { name, visibility: 'public' });
    await core.messages.persistBatch(
      Array.from({ length: 5 }, (_, i) => ({ messageId: randomUUID(), room: name, senderId: '1', body: `m${i + 1}`, clientMsgId: `c${i + 1}`, streamSeq: i + 1 })),
    );
    const newest = await call('GET', `/v1/rooms/${name}/messages?limit=2`, '2');
    expect(newest.status).toBe(200);
    expect(newest.body.items.map((m: { seq: number }) => m.seq)).toEqual([5, 4]);
    expect(newest.body.items[0]).toMatchObject({ room: name, seq: 5, sender_id: '1', body: 'm5', client_msg_id: 'c5' });
    expect(newest.body.next_cursor).toBe('4');
    const older = await call('GET', `/v1/rooms/${name}/messages?limit=2&before_seq=${newest.body.next_cursor}`, '2');
    expect(older.body.items.map((m: { seq: number }) => m.seq)).toEqual([3, 2]);
    const forward = await call('GET', `/v1/rooms/${name}/messages?after_seq=3&before_seq=`, '2');
    expect(forward.body).toEqual({ items: [expect.objectContaining({ seq: 4 }), expect.objectContaining({ seq: 5 })] });
  });

  it('answers presence of a readable room', async () => {
    const name = aRoom();
    await call('POST', '/v1/rooms', '1', { name, visibility: 'public' });
    await core.presence.join({ room: name, userId: '3', connectionId: 'x' });
    expect(await call('GET', `/v1/rooms/${name}/presence`, '2')).toEqual({ status: 200, body: { items: ['3'] } });
  });

  it('accepts room names with colons in the path, percent-encoded or not', async () => {
    await core.rooms.create({ name: 'event:77', visibility: 'event', createdBy: null }, []);
    expect((await call('GET', '/v1/rooms/event:77/messages', '1')).status).toBe(200);
    expect((await call('GET', '/v1/rooms/event%3A77/presence', '1')).status).toBe(200);
    expect((await call('POST', '/v1/rooms/event:77/members/1', '1')).status).toBe(403);
  });

  it('documents every route in the OpenAPI document, with the schemas as components', async () => {
    const doc = (await call('GET', '/docs/openapi.json', undefined)).body;
    // The kernel's /health, /ready and /metrics are in every service's document.
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/v1/')).sort()).toEqual(['/v1/rooms', '/v1/rooms/{room}/members', '/v1/rooms/{room}/members/{user}', '/v1/rooms/{room}/messages', '/v1/rooms/{room}/presence']);
    expect(Object.keys(doc.paths['/v1/rooms/{room}/members/{user}']).sort()).toEqual(['delete', 'post']);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Room', 'RoomList', 'CreateRoomRequest', 'MessagePage', 'Message', 'UserIdList']));
    expect(doc.paths['/v1/rooms/{room}/messages'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['after_seq', 'before_seq', 'limit', 'room']);
  });
});

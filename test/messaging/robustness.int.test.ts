import { connect as tcpConnect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import * as grpc from '@grpc/grpc-js';
import { pgConnection } from '#kernel/pg/pg-pool';
import { loadProto } from '#kernel/grpc/grpc-server';
import { callUnary, createGrpcClient } from '#kernel/grpc/grpc-client';
import { chatNames, ROOM_HEADER, SEQ_HEADER } from '#contracts/chat/chat-subjects';
import { messageNewFrame } from '#contracts/chat/chat-payloads';
import { revocationSubject } from '#contracts/auth/revocation';
import { TestPlatform } from '../support/platform-harness';
import { WsTestClient } from '../support/ws-client';
import { expectAlive, expectEdgeAlive } from './support/messaging-helpers';

/** Regressions for problems a review found: each provokes one and checks the platform survives it. */
describe('robustness of the edge and the core', () => {
  const platform = new TestPlatform({ WS_RATE_PER_SEC: '1000' });
  let pool: Pool;
  let nc: NatsConnection;
  beforeAll(async () => {
    await platform.start({ edges: 1, cores: 1 });
    pool = new Pool(pgConnection(platform.databaseUrl));
    nc = await connect({ servers: process.env.NATS_URL });
  }, 30_000);
  afterAll(async () => {
    await nc.close();
    await pool.end();
    await platform.stop();
  });

  it('an upgrade request with an unparsable path gets 400 and the process lives on', async () => {
    const { port } = new URL(platform.edges[0].baseUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = tcpConnect(Number(port), '127.0.0.1', () => {
        socket.write('GET //[ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1.1 400/);
    const user = await platform.user('after');
    await expectEdgeAlive(platform.edges[0], user.token);
  });

  it('bodies PostgreSQL cannot store (NUL, unpaired surrogate) are refused at the edge with bad_request', async () => {
    const user = await platform.user('nul');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    for (const body of ['a\u0000b', 'x\ud800y']) {
      const answer = await client.request('message:send', { room, body, client_msg_id: randomUUID() });
      expect(answer).toMatchObject({ type: 'error', payload: { code: 'bad_request' } });
    }
    expect((await client.request('message:send', { room, body: 'fine 👋', client_msg_id: 'ok' })).type).toBe('ok');
    client.close();
  });

  it('`auth` immediately followed by `room:join` and `message:send` (no waiting) all succeed, in order', async () => {
    const user = await platform.user('fast');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(platform.edges[0].baseUrl);
    client.send({ type: 'auth', id: 'a', payload: { token: user.token } });
    client.send({ type: 'room:join', id: 'j', payload: { room } });
    client.send({ type: 'message:send', id: 's', payload: { room, body: 'hi', client_msg_id: 'f1' } });
    const answers = await client.waitForCount((f) => ['a', 'j', 's'].includes(f.id ?? ''), 3);
    expect(answers.map((f) => [f.id, f.type])).toEqual([['a', 'ok'], ['j', 'ok'], ['s', 'ok']]);
    await client.waitFor((f) => f.type === 'message:new');
    client.close();
  });

  it('a delivery lost for a private room is repaired from the store (as a member), and later ones are not held back', async () => {
    const owner = await platform.user('owner');
    const room = await platform.room(owner.token, 'private');
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, owner.token);
    await client.request('room:join', { room });
    expect((await client.request('message:send', { room, body: 'one', client_msg_id: 'p1' })).type).toBe('ok');
    await client.waitFor((f) => f.type === 'message:new' && f.payload.seq === 1);
    // seq 2 is stored but its delivery is "lost": written straight to PostgreSQL.
    await pool.query('UPDATE rooms SET last_seq = 2 WHERE name = $1', [room]);
    await pool.query(`INSERT INTO messages (room, seq, message_id, sender_id, body, client_msg_id, dedup_key) VALUES ($1, 2, $2, $3, 'lost', 'p2', $4)`, [room, randomUUID(), owner.id, `${owner.id}:p2`]);
    expect((await client.request('message:send', { room, body: 'three', client_msg_id: 'p3' })).type).toBe('ok');
    await client.waitForCount((f) => f.type === 'message:new', 3, 10_000);
    expect(client.messages(room).map((m) => [m.seq, m.body])).toEqual([
      [1, 'one'],
      [2, 'lost'],
      [3, 'three'],
    ]);
    client.close();
  });

  it('malformed messages on the revocation and control subjects are dropped; the edge keeps reading NATS', async () => {
    const names = chatNames(platform.prefix);
    nc.publish(revocationSubject(platform.prefix), 'not json');
    nc.publish(revocationSubject(platform.prefix), 'null');
    nc.publish(names.edgeControl, '{"type":"room_removed"}');
    await nc.flush();
    const user = await platform.user('alive');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    await client.request('room:join', { room });
    await client.request('message:send', { room, body: 'still here', client_msg_id: 'r1' });
    await client.waitFor((f) => f.type === 'message:new');
    await expectAlive(client);
    client.close();
  });

  it('a delivery pack becomes one frame per message, in seq order; a malformed pack is dropped and the room goes on', async () => {
    const names = chatNames(platform.prefix);
    const user = await platform.user('packs');
    const room = await platform.room(user.token);
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    await client.request('room:join', { room });
    const frame = (seq: number) => messageNewFrame({ message_id: randomUUID(), room, seq, sender_id: user.id, body: `m${seq}`, client_msg_id: `c${seq}`, created_at: new Date().toISOString() });
    const publishPack = (seqs: string, data: string) => {
      const h = headers();
      h.set(SEQ_HEADER, seqs);
      h.set(ROOM_HEADER, room);
      nc.publish(names.deliverRoom(room), data, { headers: h });
    };
    publishPack('1,2', `${frame(1)}\n${frame(2)}\n${frame(3)}`);
    publishPack('2', `${frame(2)}`);
    publishPack('1', `${frame(1)}`);
    await nc.flush();
    await client.waitForCount((f) => f.type === 'message:new', 2);
    expect(client.messages(room).map((m) => m.body)).toEqual(['m1', 'm2']);
    // The core's own packs still flow after the malformed one.
    await pool.query('UPDATE rooms SET last_seq = 2 WHERE name = $1', [room]);
    expect((await client.request('message:send', { room, body: 'real', client_msg_id: 'k3' })).type).toBe('ok');
    await client.waitForCount((f) => f.type === 'message:new', 3);
    expect(client.messages(room).map((m) => [m.seq, m.body])).toEqual([
      [1, 'm1'],
      [2, 'm2'],
      [3, 'real'],
    ]);
    await expectAlive(client);
    client.close();
  });

  it('RealtimeService refuses to forge chat, room, system or protocol frames', async () => {
    const client = createGrpcClient(loadProto('realtime.proto'), 'realtime.v1.RealtimeService', `127.0.0.1:${platform.edges[0].grpcPort}`);
    for (const type of ['message:new', 'room:presence', 'system:connected', 'auth:refresh']) {
      const error = await callUnary(client, 'SendToUser', { user_id: '1', type, payload: '{}' }).catch((e: grpc.ServiceError) => e);
      expect((error as grpc.ServiceError).code).toBe(grpc.status.INVALID_ARGUMENT);
    }
    expect(await callUnary(client, 'SendToUser', { user_id: '1', type: 'booking:confirmed', payload: '{}' })).toEqual({ accepted: true });
    client.close();
  });

  it('typing follows the write rule: nobody types into a read-only event room', async () => {
    const user = await platform.user('typist');
    const room = await platform.eventRoom();
    const client = await WsTestClient.connect(platform.edges[0].baseUrl, user.token);
    expect((await client.request('room:join', { room })).type).toBe('ok');
    expect(await client.request('message:typing', { room })).toMatchObject({ type: 'error', payload: { code: 'forbidden' } });
    client.close();
  });
});

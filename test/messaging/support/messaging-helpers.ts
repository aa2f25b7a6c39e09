import type { Client } from '@grpc/grpc-js';
import { loadProto } from '#kernel/grpc/grpc-server';
import { callUnary, createGrpcClient } from '#kernel/grpc/grpc-client';
import { http } from '../../support/auth-harness';
import type { Edge, TestPlatform } from '../../support/platform-harness';
import { WsTestClient, type Frame } from '../../support/ws-client';

/** `system:ping` with an id answers `system:pong` with the same id: the socket and the edge still work. */
export async function expectAlive(client: WsTestClient, timeoutMs = 5_000): Promise<void> {
  expect(client.closeCode).toBeUndefined();
  const answer = await client.request('system:ping', undefined, timeoutMs);
  expect(answer.type).toBe('system:pong');
}

/** A fresh authenticated socket on the edge still answers a ping (the server survived). */
export async function expectEdgeAlive(edge: { baseUrl: string }, token: string): Promise<void> {
  const fresh = await WsTestClient.connect(edge.baseUrl, token);
  try {
    await fresh.waitFor((f) => f.type === 'system:connected');
    await expectAlive(fresh);
  } finally {
    fresh.close();
  }
}

/** Waits for one more frame matching `match` than the socket has received so far. */
export async function nextFrame(client: WsTestClient, match: (frame: Frame) => boolean, timeoutMs = 5_000): Promise<Frame> {
  const before = client.frames.filter(match).length;
  const frames = await client.waitForCount(match, before + 1, timeoutMs);
  return frames[before];
}

export const isError = (code?: string) => (f: Frame) => f.type === 'error' && (code === undefined || f.payload?.code === code);

/** Sends a raw text frame and answers the next `error` frame (frames without a usable id get an id-less error). */
export async function sendExpectingError(client: WsTestClient, raw: string | Buffer, options: { binary?: boolean } = {}): Promise<Frame> {
  const match = isError();
  const before = client.frames.filter(match).length;
  if (typeof raw === 'string' && !options.binary) client.send(raw);
  else client.socket.send(raw, { binary: true });
  const frames = await client.waitForCount(match, before + 1, 5_000);
  return frames[before];
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** GET /v1/rooms/{room}/messages on the first core. */
export async function history(platform: TestPlatform, token: string, room: string, query = '') {
  return http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/${encodeURIComponent(room)}/messages${query ? `?${query}` : ''}`, undefined, bearer(token));
}

/** The `exp` claim (seconds) of a JWT, read without verifying it. */
export function jwtExp(token: string): number {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp as number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A RealtimeService client on one edge's gRPC port. */
export function realtimeClient(edge: Edge): { call<T = any>(method: string, request: unknown): Promise<T>; close(): void } {
  const client: Client = createGrpcClient(loadProto('realtime.proto'), 'realtime.v1.RealtimeService', `127.0.0.1:${edge.grpcPort}`);
  return { call: (method, request) => callUnary(client, method, request), close: () => client.close() };
}

/** One sample of a Prometheus metric from GET /metrics (0 when absent). */
export async function metricValue(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${baseUrl}/metrics`);
  const text = await res.text();
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const part of (match[3] ?? '').match(/[a-zA-Z_]+="[^"]*"/g) ?? []) {
      const [k, v] = part.split('=');
      found[k] = v.slice(1, -1);
    }
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[4]);
  }
  return 0;
}

/** Connects and waits for `system:connected`. */
export async function connected(baseUrl: string, token?: string, options: { via?: 'header' | 'query'; autoPong?: boolean } = {}): Promise<WsTestClient> {
  const client = await WsTestClient.connect(baseUrl, token, options);
  await client.waitFor((f) => f.type === 'system:connected');
  return client;
}

/** Connects, waits for the greeting and joins the rooms. */
export async function joined(baseUrl: string, token: string, ...rooms: string[]): Promise<WsTestClient> {
  const client = await connected(baseUrl, token);
  for (const room of rooms) {
    const answer = await client.request('room:join', { room });
    if (answer.type !== 'ok') throw new Error(`join ${room} failed: ${JSON.stringify(answer)}`);
  }
  return client;
}

/** Call in a describe: the returned `track` registers sockets that are closed after each test. */
export function closeAfterEach(): (client: WsTestClient) => WsTestClient {
  const open: WsTestClient[] = [];
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  return (client) => (open.push(client), client);
}

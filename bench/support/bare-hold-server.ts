/**
 * Child entry: the same-run baseline of bench/booking, the hold service a team would write
 * without ticketing's design. A bare `node:http` server (no framework, no schema library, no
 * logging, no metrics) that answers ticketing's route shape:
 *
 *   POST /v1/events/{id}/holds {seat_ids: [one seat id]}, Authorization: Bearer <access JWT>
 *     → verifies the JWT in this process (jsonwebtoken, HS256 with JWT_SECRET as a KeyObject, as
 *       auth's keyring holds it, and auth's issuer and audience: JWT_ISSUER, JWT_AUDIENCE),
 *     → `UPDATE <BARE_TABLE> SET status = 'held' WHERE id = $1 AND status = 'free'` in PostgreSQL,
 *     → 201 {id, event_id, user_id, seat_ids, expires_at} when it changed a row, else
 *       409 {error: {code: conflict, message, details: {seat_ids}}}, as ticketing answers;
 *   GET /v1/bookings → 200 {items: []} for a valid token (the benchmark's up-front token check);
 *   401 for a missing or refused token, 400 for a body that is not one seat id, 404 elsewhere.
 *
 * One seat per hold: the benchmark's buyers ask for one. A pg Pool of BARE_PG_POOL (20, like
 * ticketing's) connections to DATABASE_URL; the statement is sent as text each time (an unnamed
 * statement, what `pool.query(text, values)` does). Answers the parent's `memory`, `cpu`,
 * `stop` (see bench-child.ts).
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import jwt from 'jsonwebtoken';
import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { announceReady, serveParent } from './bench-child';

const secret = process.env.JWT_SECRET ?? '';
if (secret.length < 32) throw new Error('bare-hold-server: JWT_SECRET (at least 32 characters) is required');
const key = createSecretKey(Buffer.from(secret));
const issuer = process.env.JWT_ISSUER || 'realtime-auth';
const audience = process.env.JWT_AUDIENCE || 'realtime';
const table = process.env.BARE_TABLE ?? 'bench_seats';
if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`bare-hold-server: BARE_TABLE ${JSON.stringify(table)} is no plain table name`);
const pool = new Pool({ ...pgConnection(process.env.DATABASE_URL ?? ''), max: Number(process.env.BARE_PG_POOL ?? 20), application_name: 'bench-bare-http' });
pool.on('error', () => undefined);
const HOLD_SQL = `UPDATE ${table} SET status = 'held' WHERE id = $1 AND status = 'free'`;
const HOLD_TTL_MS = 10 * 60_000;
const HOLD_ROUTE = /^\/v1\/events\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/holds$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY = 65_536;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const fail = (res: ServerResponse, status: number, code: string, message: string, details?: object) => send(res, status, { error: { code, message, details } });

/** The caller's user id from a valid access token, or undefined. */
function caller(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  try {
    const claims = jwt.verify(match[1], key, { algorithms: ['HS256'], issuer, audience });
    return typeof claims === 'object' && typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

async function hold(req: IncomingMessage, res: ServerResponse, eventId: string): Promise<void> {
  const userId = caller(req);
  const text = await readBody(req);
  if (!userId) return fail(res, 401, 'unauthorized', 'access token rejected');
  let seatIds: unknown;
  try {
    seatIds = (JSON.parse(text ?? '') as { seat_ids?: unknown }).seat_ids;
  } catch {
    return fail(res, 400, 'bad_request', 'malformed JSON body');
  }
  if (!Array.isArray(seatIds) || seatIds.length !== 1 || typeof seatIds[0] !== 'string' || !UUID.test(seatIds[0])) return fail(res, 400, 'bad_request', 'seat_ids: expected one seat id');
  const seat = seatIds[0];
  const { rowCount } = await pool.query(HOLD_SQL, [seat]);
  if (rowCount === 1) return send(res, 201, { id: randomUUID(), event_id: eventId, user_id: userId, seat_ids: [seat], expires_at: new Date(Date.now() + HOLD_TTL_MS).toISOString() });
  fail(res, 409, 'conflict', '1 of the seats is held or sold', { seat_ids: [seat] });
}

const server = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0];
  const route = req.method === 'POST' ? HOLD_ROUTE.exec(path) : null;
  if (route) {
    hold(req, res, route[1].toLowerCase()).catch(() => {
      if (!res.headersSent) fail(res, 500, 'internal', 'internal error');
    });
    return;
  }
  req.resume();
  if (req.method === 'GET' && path === '/v1/bookings') {
    if (!caller(req)) return fail(res, 401, 'unauthorized', 'access token rejected');
    return send(res, 200, { items: [] });
  }
  fail(res, 404, 'not_found', `no route for ${req.method} ${path}`);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  serveParent({
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  });
  announceReady({ port: typeof address === 'object' && address ? address.port : 0 });
});

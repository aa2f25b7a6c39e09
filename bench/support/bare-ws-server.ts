/**
 * Child entry: the same-run baseline for the edge, a bare `ws` server with nothing of the
 * platform in it. It speaks just enough of the client protocol (docs/protocol.md) for the same clients to drive it:
 *
 *   - upgrade on /v1/ws (the Authorization header is not checked), greets with system:connected;
 *   - `room:join {room}`: keeps the socket in the room's Set, answers ok {room, last_seq, …};
 *   - `message:send {room, body, client_msg_id}`: answers ok {message_id, client_msg_id,
 *     stream_seq}, then writes one message:new frame with the payload fields of the platform's
 *     (so the same size) to every socket in the room: serialised once, the same bytes to each,
 *     as the edge forwards the core's bytes; a socket whose unsent backlog would pass
 *     WS_MAX_BUFFERED_BYTES is closed with 4008, as on the edge.
 *
 * Same WebSocketServer options as the edge (noServer, no compression, no client tracking,
 * maxPayload 64 KiB). Answers the parent's `memory`, `cpu`, `stop` (see bench-child.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { announceReady, serveParent } from './bench-child';

const MAX_BUFFERED = Number(process.env.WS_MAX_BUFFERED_BYTES ?? 1_048_576);
const SENDER_ID = process.env.BARE_SENDER_ID ?? '1';

interface Client {
  readonly id: string;
  readonly ws: WebSocket;
  readonly rooms: Set<string>;
}

interface Room {
  seq: number;
  readonly members: Set<Client>;
}

const clients = new Set<Client>();
const rooms = new Map<string, Room>();
let streamSeq = 0;

function send(client: Client, data: string | Buffer): void {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (client.ws.bufferedAmount + size > MAX_BUFFERED) {
    client.ws.close(4008, 'send backlog over limit');
    return;
  }
  client.ws.send(data, { binary: false });
}

function roomOf(name: string): Room {
  let room = rooms.get(name);
  if (!room) {
    room = { seq: 0, members: new Set() };
    rooms.set(name, room);
  }
  return room;
}

function handle(client: Client, data: RawData): void {
  let frame: { type?: string; id?: string; payload?: Record<string, unknown> };
  try {
    frame = JSON.parse(data.toString());
  } catch {
    send(client, JSON.stringify({ type: 'error', payload: { code: 'bad_request', message: 'frame is not valid JSON' } }));
    return;
  }
  const payload = frame.payload ?? {};
  const roomName = typeof payload.room === 'string' ? payload.room : '';
  switch (frame.type) {
    case 'room:join': {
      const room = roomOf(roomName);
      room.members.add(client);
      client.rooms.add(roomName);
      send(client, JSON.stringify({ type: 'ok', id: frame.id, payload: { room: roomName, last_seq: room.seq, recovered: true, missed: [] } }));
      return;
    }
    case 'message:send': {
      const room = roomOf(roomName);
      const messageId = randomUUID();
      const clientMsgId = String(payload.client_msg_id ?? '');
      send(client, JSON.stringify({ type: 'ok', id: frame.id, payload: { message_id: messageId, client_msg_id: clientMsgId, stream_seq: ++streamSeq } }));
      const delivery = Buffer.from(
        JSON.stringify({
          type: 'message:new',
          payload: { message_id: messageId, room: roomName, seq: ++room.seq, sender_id: SENDER_ID, body: String(payload.body ?? ''), client_msg_id: clientMsgId, created_at: new Date().toISOString() },
        }),
      );
      for (const member of room.members) send(member, delivery);
      return;
    }
    case 'system:ping':
      send(client, JSON.stringify({ type: 'system:pong', id: frame.id, payload: {} }));
      return;
    default:
      send(client, JSON.stringify({ type: 'error', id: frame.id, payload: { code: 'bad_request', message: 'unknown frame type' } }));
  }
}

function accept(ws: WebSocket): void {
  const client: Client = { id: randomUUID(), ws, rooms: new Set() };
  clients.add(client);
  ws.on('message', (data) => handle(client, data));
  ws.on('error', () => undefined);
  ws.on('close', () => {
    clients.delete(client);
    for (const name of client.rooms) rooms.get(name)?.members.delete(client);
  });
  send(client, JSON.stringify({ type: 'system:connected', payload: { connection_id: client.id, user_id: SENDER_ID, heartbeat_ms: 30_000 } }));
}

const wss = new WebSocketServer({ noServer: true, maxPayload: 65_536, perMessageDeflate: false, clientTracking: false });
const server = createServer((_req, res) => {
  res.writeHead(404).end();
});
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (!(req.url ?? '').startsWith('/v1/ws')) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, accept);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  serveParent({
    stats: () => ({ clients: clients.size, rooms: rooms.size }),
    stop: async () => {
      for (const client of clients) client.ws.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  });
  announceReady({ port: typeof address === 'object' && address ? address.port : 0 });
});

/**
 * Load-generating WebSocket clients (docs/protocol.md) for the benchmarks: open many sockets with a
 * bounded number of handshakes in flight, join rooms, send frames, and read `message:new`
 * deliveries without parsing them (the hot path of the fan-out benchmark reads only the
 * client_msg_id, straight from the bytes).
 *
 * The client is RFC 6455 over a raw TCP socket, not `ws`: the handshake through node:http, then a
 * frame reader that takes whole frames out of each TCP read. With 1,000 subscribers in this
 * process the clients, not the server under test, used to set the pace: `ws` feeds every read
 * through a Writable stream and events, about twice the CPU per frame received. The reader knows
 * what these servers send: unfragmented, uncompressed text frames, pings and close frames.
 */
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { fmtInt, interrupt, log } from './bench-kit';

export interface Frame {
  type: string;
  id?: string;
  payload?: any;
}

const DELIVERY_PREFIX = Buffer.from('{"type":"message:new"');
const CLIENT_MSG_ID = Buffer.from('"client_msg_id":"');
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** Whether a received text frame is a message:new (both the platform and the bare server write `type` first). */
export function isDelivery(data: Buffer): boolean {
  return data.length > DELIVERY_PREFIX.length && data.compare(DELIVERY_PREFIX, 0, DELIVERY_PREFIX.length, 0, DELIVERY_PREFIX.length) === 0;
}

/**
 * The number in a client_msg_id of the form `<one letter><digits>` (as the benchmarks send them),
 * read from a message:new frame's bytes; -1 when absent.
 */
export function clientMsgNumber(data: Buffer): number {
  let i = data.indexOf(CLIENT_MSG_ID);
  if (i < 0) return -1;
  i += CLIENT_MSG_ID.length + 1; // skip the letter
  let n = 0;
  for (; i < data.length; i++) {
    const c = data[i];
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** A client frame: FIN, `opcode`, masked as RFC 6455 requires of clients. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomFillSync(frame, header, 4).subarray(header, header + 4);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i] ^ mask[i & 3];
  return frame;
}

export class BenchSocket {
  private nextId = 0;
  private readonly waiting = new Map<string, { resolve: (frame: Frame) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  /** Reads holding a frame not yet complete, and their total length. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private closeSent = false;
  /** Every message:new, as the raw bytes. */
  onDelivery: ((data: Buffer) => void) | undefined;
  /** Every other frame that no request() is waiting for (acks of sendFrame, errors, greetings). */
  onFrame: ((frame: Frame) => void) | undefined;
  /** Set when the socket closed; the code the server gave (1006 when it gave none). */
  closeCode: number | undefined;
  onClose: ((code: number, reason: string) => void) | undefined;
  /** Resolves once the TCP connection is gone. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => this.ended(this.closeCode ?? 1006, ''));
  }

  /** Opens a socket with `Authorization: Bearer <token>` and resolves once the handshake is done. */
  static open(url: string, token: string | undefined, timeoutMs = 30_000): Promise<BenchSocket> {
    const target = new URL(url);
    const key = randomBytes(16).toString('base64');
    const expected = createHash('sha1').update(key + WS_GUID).digest('base64');
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': key, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        timeout: timeoutMs,
      });
      req.once('upgrade', (res, socket, head) => {
        if (res.headers['sec-websocket-accept'] !== expected) {
          socket.destroy();
          return reject(new Error('upgrade answered with a wrong Sec-WebSocket-Accept'));
        }
        const bench = new BenchSocket(socket);
        if (head.length > 0) bench.read(head);
        resolve(bench);
      });
      req.once('response', (res) => {
        res.resume();
        reject(new Error(`upgrade refused: HTTP ${res.statusCode}`));
      });
      req.once('timeout', () => req.destroy(new Error(`no handshake within ${timeoutMs} ms`)));
      req.once('error', reject);
      req.end();
    });
  }

  get open(): boolean {
    return this.closeCode === undefined && !this.socket.destroyed;
  }

  /** Sends a frame with a fresh id and resolves with its answer (rejects on an error answer). */
  request(type: string, payload?: object, timeoutMs = 30_000): Promise<Frame> {
    const id = `q${++this.nextId}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no answer to ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      this.sendText(JSON.stringify({ type, id, payload }));
    });
  }

  /** Sends a frame whose answer comes to onFrame (the hot path: no per-frame timer or promise). */
  sendFrame(type: string, id: string, payload: object): void {
    this.sendText(JSON.stringify({ type, id, payload }));
  }

  /** Starts the closing handshake (code 1000); the server answers and ends the connection. */
  close(): void {
    if (this.closeSent || this.socket.destroyed || !this.socket.writable) return;
    this.closeSent = true;
    this.socket.write(clientFrame(OPCODE.close, Buffer.from([0x03, 0xe8])));
  }

  terminate(): void {
    this.socket.destroy();
  }

  private sendText(text: string): void {
    if (this.socket.writable) this.socket.write(clientFrame(OPCODE.text, Buffer.from(text)));
  }

  /** Takes every whole frame out of the bytes received; keeps the rest for the next read. */
  private read(chunk: Buffer): void {
    if (this.partialBytes > 0) {
      this.partial.push(chunk);
      this.partialBytes += chunk.length;
      // Joined only once the frame can be whole (a large frame arrives in many reads).
      if (this.partialBytes < this.neededBytes(this.partial[0].length >= 10 ? this.partial[0] : Buffer.concat(this.partial))) return;
      chunk = Buffer.concat(this.partial, this.partialBytes);
      this.partial = [];
      this.partialBytes = 0;
    }
    let data = chunk;
    while (data.length >= 2) {
      const opcode = data[0] & 0x0f;
      let length = data[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (data.length < 4) break;
        length = data.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (data.length < 10) break;
        length = Number(data.readBigUInt64BE(2));
        offset = 10;
      }
      if (data.length < offset + length) break;
      this.frame(opcode, data.subarray(offset, offset + length));
      data = data.subarray(offset + length);
    }
    if (data.length > 0) {
      this.partial = [Buffer.from(data)];
      this.partialBytes = data.length;
    }
  }

  /** Bytes the frame starting `head` takes in all, as far as its header tells (2 when it does not yet). */
  private neededBytes(head: Buffer): number {
    if (head.length < 2) return 2;
    const length = head[1] & 0x7f;
    if (length < 126) return 2 + length;
    if (length === 126) return head.length < 4 ? 4 : 4 + head.readUInt16BE(2);
    return head.length < 10 ? 10 : 10 + Number(head.readBigUInt64BE(2));
  }

  private frame(opcode: number, payload: Buffer): void {
    if (opcode === OPCODE.text) return this.text(payload);
    if (opcode === OPCODE.ping) return void (this.socket.writable && this.socket.write(clientFrame(OPCODE.pong, payload)));
    if (opcode === OPCODE.close) {
      this.closeCode ??= payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      // Answer a close the server started; one we started is complete with its echo.
      if (this.closeSent) this.socket.end();
      else {
        this.closeSent = true;
        this.socket.end(clientFrame(OPCODE.close, payload.subarray(0, 2)));
      }
    }
  }

  private text(data: Buffer): void {
    if (isDelivery(data)) return this.onDelivery?.(data);
    let frame: Frame;
    try {
      frame = JSON.parse(data.toString()) as Frame;
    } catch {
      frame = { type: 'unparsable', payload: { text: data.toString().slice(0, 200) } };
    }
    const waiter = frame.id === undefined ? undefined : this.waiting.get(frame.id);
    if (!waiter) return this.onFrame?.(frame);
    this.waiting.delete(frame.id as string);
    clearTimeout(waiter.timer);
    if (frame.type === 'error') waiter.reject(new Error(`${frame.payload?.code}: ${frame.payload?.message}`));
    else waiter.resolve(frame);
  }

  private ended(code: number, reason: string): void {
    this.closeCode = code;
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`socket closed (${code})`));
    }
    this.waiting.clear();
    this.onClose?.(code, reason);
  }
}

/**
 * Runs `task(i)` for i in [0, count) with at most `concurrency` in flight, printing progress once
 * a second. Stops starting new tasks on Ctrl-C; rejects on the first failure.
 */
export async function runMany<T>(count: number, concurrency: number, label: string, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let done = 0;
  let failure: unknown;
  const started = Date.now();
  const timer = setInterval(() => log(`${label} ${Math.round((Date.now() - started) / 1000)}s ${fmtInt(done)}/${fmtInt(count)}`), 1000);
  const worker = async () => {
    while (next < count && failure === undefined && !interrupt.aborted) {
      const i = next++;
      try {
        results[i] = await task(i);
        done++;
      } catch (error) {
        failure ??= error;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  } finally {
    clearInterval(timer);
  }
  if (failure !== undefined) throw failure;
  log(`${label} ${fmtInt(done)}/${fmtInt(count)} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return results.filter((r) => r !== undefined);
}

/** Closes sockets and waits (bounded) until the server side has seen them go. */
export async function closeAll(sockets: BenchSocket[], timeoutMs = 15_000): Promise<void> {
  for (const socket of sockets) socket.close();
  const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
  await Promise.race([Promise.all(sockets.map((socket) => socket.closed)), timer]);
  for (const socket of sockets) socket.terminate();
}

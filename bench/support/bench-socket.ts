/**
 * Load-generating WebSocket clients (SPEC §3) for the benchmarks: open many sockets with a
 * bounded number of handshakes in flight, join rooms, send frames, and read `message:new`
 * deliveries without parsing them (the hot path of the fan-out benchmark reads only the
 * client_msg_id, straight from the bytes).
 */
import WebSocket from 'ws';
import { fmtInt, interrupt, log } from './bench-kit';

export interface Frame {
  type: string;
  id?: string;
  payload?: any;
}

const DELIVERY_PREFIX = Buffer.from('{"type":"message:new"');
const CLIENT_MSG_ID = Buffer.from('"client_msg_id":"');

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

export class BenchSocket {
  private nextId = 0;
  private readonly waiting = new Map<string, { resolve: (frame: Frame) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  /** Every message:new, as the raw bytes. */
  onDelivery: ((data: Buffer) => void) | undefined;
  /** Every other frame that no request() is waiting for (acks of sendFrame, errors, greetings). */
  onFrame: ((frame: Frame) => void) | undefined;
  /** Set when the socket closed; the code the server gave. */
  closeCode: number | undefined;
  onClose: ((code: number, reason: string) => void) | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      if (isDelivery(data)) {
        this.onDelivery?.(data);
        return;
      }
      const frame = JSON.parse(data.toString()) as Frame;
      const waiter = frame.id === undefined ? undefined : this.waiting.get(frame.id);
      if (waiter) {
        this.waiting.delete(frame.id as string);
        clearTimeout(waiter.timer);
        if (frame.type === 'error') waiter.reject(new Error(`${frame.payload?.code}: ${frame.payload?.message}`));
        else waiter.resolve(frame);
        return;
      }
      this.onFrame?.(frame);
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      for (const waiter of this.waiting.values()) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`socket closed (${code})`));
      }
      this.waiting.clear();
      this.onClose?.(code, reason.toString());
    });
    ws.on('error', () => undefined);
  }

  /** Opens a socket with `Authorization: Bearer <token>` and resolves once it is open. */
  static open(url: string, token: string | undefined, timeoutMs = 30_000): Promise<BenchSocket> {
    const ws = new WebSocket(url, { headers: token ? { authorization: `Bearer ${token}` } : undefined, perMessageDeflate: false, skipUTF8Validation: true });
    const socket = new BenchSocket(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`no handshake within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      ws.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        ws.terminate();
        reject(new Error(`upgrade refused: HTTP ${res.statusCode}`));
      });
      ws.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
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
      this.ws.send(JSON.stringify({ type, id, payload }));
    });
  }

  /** Sends a frame whose answer comes to onFrame (the hot path: no per-frame timer or promise). */
  sendFrame(type: string, id: string, payload: object): void {
    this.ws.send(JSON.stringify({ type, id, payload }));
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
  }

  terminate(): void {
    this.ws.terminate();
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
  const closed = sockets.map(
    (socket) =>
      new Promise<void>((resolve) => {
        if (socket.ws.readyState === WebSocket.CLOSED) return resolve();
        socket.ws.once('close', () => resolve());
        socket.close();
      }),
  );
  const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
  await Promise.race([Promise.all(closed), timer]);
  for (const socket of sockets) if (socket.ws.readyState !== WebSocket.CLOSED) socket.terminate();
}

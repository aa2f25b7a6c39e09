import WebSocket from 'ws';

export interface Frame {
  type: string;
  id?: string;
  payload?: any;
}

/**
 * A test client for /v1/ws: sends frames, awaits the answer to an id, and keeps every frame it
 * received so a test can wait for the ones it expects.
 */
export class WsTestClient {
  readonly frames: Frame[] = [];
  closeCode: number | undefined;
  closeReason = '';
  private nextId = 0;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.notify();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.notify();
        resolve(code);
      }),
    );
    socket.on('error', () => undefined);
  }

  /** Opens a socket; `token` goes in the Authorization header unless `via` says otherwise. */
  static async connect(baseUrl: string, token?: string, options: { via?: 'header' | 'query'; autoPong?: boolean } = {}): Promise<WsTestClient> {
    const url = new URL('/v1/ws', baseUrl.replace(/^http/, 'ws'));
    if (token && options.via === 'query') url.searchParams.set('token', token);
    const headers = token && options.via !== 'query' ? { authorization: `Bearer ${token}` } : undefined;
    const socket = new WebSocket(url, { headers, autoPong: options.autoPong ?? true });
    const client = new WsTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
      socket.once('error', reject);
    });
    return client;
  }

  send(frame: Frame | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a frame with a fresh id and resolves with its single answer. */
  async request(type: string, payload?: object, timeoutMs = 5_000): Promise<Frame> {
    const id = `r${++this.nextId}`;
    this.send({ type, id, payload });
    return this.waitFor((f) => f.id === id, timeoutMs);
  }

  /** The first received frame (already or later) that matches. */
  async waitFor(match: (frame: Frame) => boolean, timeoutMs = 5_000): Promise<Frame> {
    await this.until(() => this.frames.some(match), timeoutMs, 'frame');
    return this.frames.find(match) as Frame;
  }

  /** Waits until `count` frames match. */
  async waitForCount(match: (frame: Frame) => boolean, count: number, timeoutMs = 10_000): Promise<Frame[]> {
    await this.until(() => this.frames.filter(match).length >= count, timeoutMs, `${count} frames`);
    return this.frames.filter(match);
  }

  messages(room?: string): any[] {
    return this.frames.filter((f) => f.type === 'message:new' && (room === undefined || f.payload.room === room)).map((f) => f.payload);
  }

  async waitClosed(timeoutMs = 5_000): Promise<number> {
    await this.until(() => this.closeCode !== undefined, timeoutMs, 'close');
    return this.closeCode as number;
  }

  close(): void {
    this.socket.close();
  }

  private until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { check, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}; last frames: ${JSON.stringify(this.frames.slice(-3))}; close ${this.closeCode}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private notify(): void {
    const ready = this.waiters.filter((w) => w.check());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

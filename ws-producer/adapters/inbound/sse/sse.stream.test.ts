import type { ServerResponse } from 'node:http';
import { Delivery } from '../../../domain/delivery';
import { SseStream } from './sse.stream';

/** The part of a ServerResponse a stream uses, recording what is written; `writableLength` is the unsent backlog. */
class FakeResponse {
  status: number | undefined;
  headers: Record<string, unknown> = {};
  written = '';
  writableLength = 0;
  ended = false;
  destroyed = false;
  get headersSent(): boolean {
    return this.status !== undefined;
  }
  get writableEnded(): boolean {
    return this.ended;
  }
  writeHead(status: number, headers: Record<string, unknown>): this {
    this.status = status;
    this.headers = headers;
    return this;
  }
  write(chunk: string | Uint8Array): boolean {
    this.written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }
  end(chunk?: string): this {
    if (chunk) this.write(chunk);
    this.ended = true;
    return this;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

describe('SseStream (a feed listener over Server-Sent Events)', () => {
  let res: FakeResponse;
  let slow: number;
  const open = () => {
    const stream = new SseStream('s1', res as unknown as ServerResponse, { maxBufferedBytes: 1_000, retryMs: 3_000 }, () => slow++);
    stream.start();
    return stream;
  };
  beforeEach(() => {
    res = new FakeResponse();
    slow = 0;
  });

  it('starts with the event-stream headers and the retry advice; a post is `id`, `event: post`, one data line', () => {
    const stream = open();
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    stream.deliverPost(new Delivery('{"id":"p1","description":"a\\nb"}', 42));
    stream.resetFeed('too_old');
    stream.heartbeat();
    expect(res.written).toBe('retry: 3000\n\nid: 42\nevent: post\ndata: {"id":"p1","description":"a\\nb"}\n\nevent: reset\ndata: {"reason":"too_old"}\n\n: heartbeat\n\n');
  });

  it('ends with an `end` event naming the reason; nothing is written after it', () => {
    const stream = open();
    stream.end('revoked', 'token revoked');
    stream.heartbeat();
    expect(res.written).toMatch(/event: end\ndata: \{"reason":"revoked","message":"token revoked"\}\n\n$/);
    expect(res.ended).toBe(true);
  });

  it('a reader whose backlog would pass the limit is cut (slow consumer) without a last event, and dropped a second later', () => {
    jest.useFakeTimers();
    try {
      const stream = open();
      res.writableLength = 990;
      expect(stream.deliverPost(new Delivery('{"id":"p1"}', 1))).toBe(false);
      expect([slow, res.ended, stream.closed]).toEqual([1, true, true]);
      expect(res.written).not.toMatch(/event: end/);
      jest.advanceTimersByTime(1_000);
      expect(res.destroyed).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('ended before it started (revoked while opening) answers an HTTP error instead of a stream', () => {
    const stream = new SseStream('s2', res as unknown as ServerResponse, { maxBufferedBytes: 1_000, retryMs: 3_000 }, () => slow++);
    stream.end('revoked', 'token revoked');
    stream.start();
    expect(res.status).toBe(401);
    expect(JSON.parse(res.written)).toEqual({ error: { code: 'unauthorized', message: 'token revoked' } });
  });
});

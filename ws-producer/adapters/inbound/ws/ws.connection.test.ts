import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { until } from '../../../../test/support/eventually';
import { WsConnection } from './ws.connection';
import { encodeTextFrame } from './ws-text-frame.encoder';

/** A real ws server and client on loopback; the server side of the pair is wrapped in a Connection. */
async function connectedPair(limits = { maxBufferedBytes: 1024 * 1024, ratePerSec: 50, burst: 100 }, onSlowConsumer: () => void = () => undefined) {
  const http: Server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  let writes = 0;
  const accepted = new Promise<WsConnection>((resolve) => {
    http.on('upgrade', (req, socket: Socket, head) => {
      // Writable's two write hooks: each call is one write to the kernel.
      const { _write: write, _writev: writev } = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
      Object.assign(socket, {
        _write: (...args: unknown[]) => (writes++, write.apply(socket, args)),
        _writev: (...args: unknown[]) => (writes++, writev.apply(socket, args)),
      });
      wss.handleUpgrade(req, socket, head, (ws) => resolve(new WsConnection('c1', ws, socket, limits, onSlowConsumer)));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  const received: string[] = [];
  let clientSocket: Socket | undefined;
  client.on('message', (data) => received.push(String(data)));
  client.on('upgrade', (res) => (clientSocket = res.socket as Socket));
  const connection = await accepted;
  await new Promise((resolve) => client.once('open', resolve));
  return {
    connection,
    received,
    /** Writes to the kernel by the server side so far. */
    writes: () => writes,
    stopReading: () => clientSocket?.pause(),
    closeFromClient: () => client.close(1000),
    stop: async () => {
      client.terminate();
      wss.close();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

describe('Connection.send (real ws over loopback)', () => {
  it('frames sent in one turn of the event loop leave together, in order', async () => {
    const pair = await connectedPair();
    try {
      const before = pair.writes();
      for (let i = 0; i < 100; i++) pair.connection.sendFrame('n', { i });
      await until(() => pair.received.length === 100);
      expect(pair.received.map((f) => JSON.parse(f).payload.i)).toEqual([...Array(100).keys()]);
      // Uncorked, each frame would be its own write.
      expect(pair.writes() - before).toBe(1);
    } finally {
      await pair.stop();
    }
  });

  it('a frame sent in a later turn is written to the kernel when that turn ends, not held for another', async () => {
    const pair = await connectedPair();
    try {
      pair.connection.sendFrame('first');
      await until(() => pair.received.length === 1);
      const before = pair.writes();
      pair.connection.sendFrame('second');
      expect(pair.writes()).toBe(before); // corked for the rest of this turn
      await new Promise((resolve) => setImmediate(resolve));
      expect(pair.writes()).toBe(before + 1);
      await until(() => pair.received.length === 2);
    } finally {
      await pair.stop();
    }
  });

  it('frames corked in one turn do not count as backlog: a reading client with a small limit is not cut', async () => {
    // 40 × 16 KiB in one turn against a 32 KiB backlog limit: counting the corked bytes would cut
    // this client with 4008 although the kernel takes everything at the end of the turn.
    const pair = await connectedPair({ maxBufferedBytes: 32 * 1024, ratePerSec: 50, burst: 100 });
    try {
      const body = 'x'.repeat(16 * 1024);
      const accepted = Array.from({ length: 40 }, () => pair.connection.send(body));
      expect(accepted.every(Boolean)).toBe(true);
      await until(() => pair.received.length === 40);
      expect(pair.connection.closed).toBe(false);
    } finally {
      await pair.stop();
    }
  });

  it('a client that never reads is cut with 4008 even when one turn writes far past the limit', async () => {
    const pair = await connectedPair({ maxBufferedBytes: 256 * 1024, ratePerSec: 50, burst: 100 });
    try {
      pair.stopReading();
      const body = 'x'.repeat(64 * 1024);
      let sent = 0;
      // One turn, 2,000 × 64 KiB: the kernel's socket buffers take a few MiB, then the backlog grows.
      while (pair.connection.send(body) && sent < 2_000) sent++;
      expect(pair.connection.closed).toBe(true);
      expect(sent).toBeLessThan(200);
    } finally {
      await pair.stop();
    }
  });

  it('frames encoded once arrive intact at every length boundary, in order with ws-written frames', async () => {
    const pair = await connectedPair({ maxBufferedBytes: 4 * 1024 * 1024, ratePerSec: 50, burst: 100 });
    try {
      const sizes = [0, 1, 125, 126, 127, 65_535, 65_536, 70_000];
      // ASCII, so the sizes are the byte lengths the length encoding switches at (125/126, 65535/65536).
      const texts = sizes.map((n, i) => `${i}`.padEnd(n, 'x').slice(0, n));
      texts.forEach((text, i) => {
        expect(pair.connection.sendEncoded(encodeTextFrame(i % 2 ? Buffer.from(text) : text))).toBe(true);
        pair.connection.send(`plain ${i}`);
      });
      await until(() => pair.received.length === 2 * texts.length);
      expect(pair.received).toEqual(texts.flatMap((text, i) => [text, `plain ${i}`]));
      // And multi-byte text, whose frame length is its UTF-8 length.
      pair.connection.sendEncoded(encodeTextFrame('é🙂'.repeat(30_000)));
      await until(() => pair.received.length === 2 * texts.length + 1);
      expect(pair.received.at(-1)).toBe('é🙂'.repeat(30_000));
    } finally {
      await pair.stop();
    }
  });

  it('a socket with a negotiated extension (compression) is refused: ws would queue frames that encoded writes overtake', async () => {
    const http: Server = createServer();
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: true });
    const refused = new Promise<Error>((resolve) => {
      http.on('upgrade', (req, socket, head) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          try {
            new WsConnection('c2', ws, socket, { maxBufferedBytes: 1024, ratePerSec: 1, burst: 1 }, () => undefined);
          } catch (error) {
            resolve(error as Error);
          }
          ws.terminate();
        }),
      );
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`, { perMessageDeflate: true });
    client.on('error', () => undefined);
    try {
      expect((await refused).message).toMatch(/permessage-deflate/);
    } finally {
      client.terminate();
      wss.close();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('once the client started closing, nothing is written and a refused frame counts as no backlog', async () => {
    const slowConsumer = jest.fn();
    const pair = await connectedPair({ maxBufferedBytes: 1024, ratePerSec: 50, burst: 100 }, slowConsumer);
    try {
      pair.closeFromClient();
      await until(() => pair.connection.socket.readyState !== WebSocket.OPEN);
      const before = pair.writes();
      // Each is over the 1 KiB backlog limit: had it been counted, the socket would be cut as a slow consumer.
      expect(pair.connection.send('x'.repeat(4096))).toBe(false);
      expect(pair.connection.sendEncoded(encodeTextFrame('y'.repeat(4096)))).toBe(false);
      await new Promise((resolve) => setImmediate(resolve));
      expect(pair.writes()).toBe(before);
      expect(slowConsumer).not.toHaveBeenCalled();
      expect(pair.connection.closed).toBe(false);
    } finally {
      await pair.stop();
    }
  });
});

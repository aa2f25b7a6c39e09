/**
 * Child entry: the same-run baseline of bench/feed, the SSE hub a team would write without the
 * platform. A bare `node:http` server: `GET /stream` holds the response open as
 * `text/event-stream`; `POST /publish` with a JSON body writes it as one event (`id:` the next
 * number, `event: post`) to every open stream and answers 204. No auth, no framework, no NATS,
 * no database. Answers the parent's `memory`, `cpu`, `stop` (see bench-child.ts).
 */
import { createServer, type ServerResponse } from 'node:http';
import { announceReady, serveParent } from './bench-child';

const streams = new Set<ServerResponse>();
let nextId = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stream') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('retry: 3000\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/publish') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const event = `id: ${++nextId}\nevent: post\ndata: ${Buffer.concat(chunks).toString()}\n\n`;
      for (const stream of streams) stream.write(event);
      res.writeHead(204).end();
    });
    return;
  }
  res.writeHead(404).end();
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  serveParent({
    stop: async () => {
      for (const stream of streams) stream.end();
      await new Promise((resolve) => server.close(resolve));
    },
  });
  announceReady({ port: typeof address === 'object' && address ? address.port : 0 });
});

import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { startHttpServer, type HttpServerHandle } from './http-server';

describe('startHttpServer request logging', () => {
  const lines: Record<string, unknown>[] = [];
  let server: HttpServerHandle;
  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    server = await startHttpServer({
      service: 'test',
      version: 'test',
      description: 'test',
      port: 0,
      portVariable: 'TEST_PORT',
      logger: pino({ level: 'info' }, sink),
      metrics: new Registry(),
      readiness: [],
      maxBodyBytes: 1024,
      translateError: () => undefined,
      routes: () => undefined,
    });
  });
  afterAll(() => server.close());

  it('logs each request at info once, without its query; health, readiness and metrics probes stay quiet', async () => {
    lines.length = 0;
    for (const path of ['/health', '/ready', '/metrics', '/v1/nothing?token=abc']) await fetch(`http://127.0.0.1:${server.port}${path}`);
    const requests = lines.filter((line) => line.msg === 'http request');
    expect(requests).toEqual([expect.objectContaining({ level: 30, method: 'GET', path: '/v1/nothing', status: 404 })]);
  });
});

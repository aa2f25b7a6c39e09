import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { startHttpServer, type HttpServerHandle } from './http-server';

const baseOptions = {
  service: 'test',
  version: 'test',
  description: 'test',
  port: 0,
  portVariable: 'TEST_PORT',
  logger: pino({ level: 'silent' }),
  metrics: new Registry(),
  readiness: [],
  maxBodyBytes: 1024,
  translateError: () => undefined,
  routes: () => undefined,
};

describe('startHttpServer CORS (the browser app on the edge calls the other services)', () => {
  let open: HttpServerHandle;
  let pinned: HttpServerHandle;
  beforeAll(async () => {
    open = await startHttpServer({ ...baseOptions, metrics: new Registry() });
    pinned = await startHttpServer({ ...baseOptions, metrics: new Registry(), corsOrigin: 'https://chat.example.com, http://127.0.0.1:8081' });
  });
  afterAll(() => Promise.all([open.close(), pinned.close()]));

  const preflight = (server: HttpServerHandle, origin: string) =>
    fetch(`http://127.0.0.1:${server.port}/v1/rooms`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  it('answers a preflight with 204 and the methods and headers the API takes; any origin by default', async () => {
    const res = await preflight(open, 'http://localhost:5173');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/DELETE/);
    const get = await fetch(`http://127.0.0.1:${open.port}/health`, { headers: { origin: 'http://localhost:5173' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('with CORS_ORIGIN set, echoes a listed origin and gives an unlisted one no CORS headers', async () => {
    const listed = await preflight(pinned, 'http://127.0.0.1:8081');
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8081');
    expect(listed.headers.get('vary')).toMatch(/Origin/);
    const unlisted = await preflight(pinned, 'https://evil.example.com');
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
    expect(unlisted.status).toBe(404);
  });
});

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

describe('startHttpServer probes and Swagger page', () => {
  let server: HttpServerHandle;
  let base: string;
  const metrics = new Registry();
  beforeAll(async () => {
    server = await startHttpServer({
      ...baseOptions,
      metrics,
      readiness: [{ name: 'postgres', check: () => Promise.reject(new Error('down')) }],
      readinessFacts: () => ({ search: { lag: 0 } }),
      publicUrls: { PUBLIC_AUTH_URL: 'https://auth.example.com' },
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('answers /metrics as Prometheus text and /ready with the checks and facts', async () => {
    const scrape = await fetch(`${base}/metrics`);
    expect(scrape.headers.get('content-type')).toBe(metrics.contentType);
    expect(await scrape.text()).toContain('# TYPE http_requests_total counter');
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', down: ['postgres'], checks: { postgres: 'down' }, search: { lag: 0 } });
  });

  it('documents the probes and links to the other services at the top of the page', async () => {
    const doc = await (await fetch(`${base}/docs/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(['/health', '/ready', '/metrics']);
    expect(doc.info.description).toMatch(/^test\n\nOther services: .*\]\(https:\/\/auth\.example\.com\/docs\)/);
  });
});

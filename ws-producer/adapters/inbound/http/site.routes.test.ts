import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { startHttpServer, type HttpServerHandle } from '#kernel/http/http-server';
import { siteRoutes } from './site.routes';

describe('the edge\'s site: the browser app at /, the ops page at /admin, /app-config.json', () => {
  const built = mkdtempSync(join(tmpdir(), 'web-'));
  const servers: HttpServerHandle[] = [];
  const start = (webDir: string) =>
    startHttpServer({
      service: 'test', version: 'test', description: 'test', port: 0, portVariable: 'TEST_PORT', logger: pino({ level: 'silent' }),
      metrics: new Registry(), readiness: [], maxBodyBytes: 1024, translateError: () => undefined, routes: () => undefined,
      site: siteRoutes(webDir, { auth_url: 'https://auth.example.com', core_url: undefined, ticketing_url: undefined }),
    }).then((server) => (servers.push(server), `http://127.0.0.1:${server.port}`));

  beforeAll(() => {
    mkdirSync(join(built, 'assets'));
    writeFileSync(join(built, 'index.html'), '<title>app</title>');
    writeFileSync(join(built, 'admin.html'), '<title>ops</title>');
    writeFileSync(join(built, 'assets', 'app.js'), 'console.log(1)');
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(built, { recursive: true, force: true });
  });

  it('serves the pages and their assets, says where the other APIs are, and 404s an unknown asset', async () => {
    const base = await start(built);
    const app = await fetch(`${base}/`);
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toMatch(/text\/html/);
    expect(await app.text()).toBe('<title>app</title>');
    expect(await (await fetch(`${base}/admin`)).text()).toBe('<title>ops</title>');
    const script = await fetch(`${base}/assets/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/assets/nothing.js`)).status).toBe(404);
    expect(await (await fetch(`${base}/app-config.json`)).json()).toEqual({ auth_url: 'https://auth.example.com' });
  });

  it('without a build the pages answer 503 naming the command, and the API still answers', async () => {
    const base = await start(join(built, 'missing'));
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build/);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});

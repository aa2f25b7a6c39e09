import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express } from 'express';
import { z } from 'zod';
import type { HttpRouter } from '#kernel/http/http-router';

/** What the browser app asks the edge at start: where the other services' APIs are. */
export interface AppConfig {
  auth_url?: string;
  core_url?: string;
  ticketing_url?: string;
}

const AppConfigSchema = z
  .object({
    auth_url: z.string().optional().meta({ example: 'https://auth.example.com' }),
    core_url: z.string().optional().meta({ example: 'https://core.example.com' }),
    ticketing_url: z.string().optional().meta({ example: 'https://tickets.example.com' }),
  })
  .meta({ id: 'AppConfig', description: 'An unset URL means: the page\'s own host name with port 8080, 8082 or 8083' });

/**
 * The bundles `npm run build` writes (client/web, bundled by esbuild into dist/web). From a source
 * file (jest) and from its compiled copy (dist/ws-producer/…) the repository root is four folders up.
 */
export function defaultWebDir(): string {
  const root = resolve(__dirname, '../../../..');
  return existsSync(join(root, 'web', 'index.html')) ? join(root, 'web') : join(root, 'dist', 'web');
}

/**
 * The browser app at `/`, the ops page at `/admin`, their assets, and `/app-config.json`.
 * Without a build the pages answer 503 saying how to make one; the API is unaffected.
 */
export function siteRoutes<Caller>(webDir: string, appConfig: AppConfig): (app: Express, router: HttpRouter<Caller>) => void {
  return (app, router) => {
    router.add({
      method: 'get',
      path: '/app-config.json',
      tag: 'site',
      summary: 'Where the browser app at / finds the other APIs (PUBLIC_AUTH_URL, PUBLIC_CORE_URL, PUBLIC_TICKETING_URL)',
      responses: { 200: { description: 'The URLs that are configured', schema: AppConfigSchema } },
      handler: async () => ({ status: 200, body: appConfig, headers: { 'Cache-Control': 'no-store' } }),
    });
    const page = (file: string) => (_req: express.Request, res: express.Response) => {
      const path = join(webDir, file);
      if (!existsSync(path)) return void res.status(503).type('text/plain').send('the browser app is not built: run `npm run build`\n');
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path);
    };
    app.get('/', page('index.html'));
    app.get('/admin', page('admin.html'));
    app.use('/assets', express.static(join(webDir, 'assets'), { index: false, maxAge: '1h' }));
  };
}

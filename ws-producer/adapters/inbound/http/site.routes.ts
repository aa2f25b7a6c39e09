import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express } from 'express';

/** What the browser app asks the edge at start: where the other services' APIs are. */
export interface AppConfig {
  auth_url?: string;
  core_url?: string;
  ticketing_url?: string;
}

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
export function siteRoutes(webDir: string, appConfig: AppConfig): (app: Express) => void {
  return (app) => {
    app.get('/app-config.json', (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json(appConfig);
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

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Logger } from '../logging/logger';
import { HTTP_STATUS, PublicError, type ErrorTranslator } from '../errors/error-kind';
import { toPublicError } from '../errors/infrastructure-errors';
import type { ReadinessCheck } from '../lifecycle/readiness';
import { listening } from '../lifecycle/listening';
import { HttpRouter, type Authenticator } from './http-router';
import { otherServicesDocs, type PublicUrls } from './docs-links';
import { probeRoutes } from './probe.routes';

export interface HttpServerOptions<Caller = unknown> {
  service: string;
  version: string;
  description: string;
  port: number;
  /** The setting `port` came from (AUTH_HTTP_PORT …), named when the port is taken. */
  portVariable: string;
  logger: Logger;
  metrics: Registry;
  readiness: ReadinessCheck[];
  /** Facts `/ready` adds to its body beside the checks (the core: search index lag). */
  readinessFacts?: () => Record<string, unknown>;
  maxBodyBytes: number;
  translateError: ErrorTranslator;
  authenticate?: Authenticator<Caller>;
  /** Adds the service's `/v1` routes. */
  routes: (router: HttpRouter<Caller>) => void;
  /** CORS_ORIGIN: `*` or comma-separated origins allowed to call the API from a browser page. */
  corsOrigin?: string;
  /** Where the other services answer (the PUBLIC_*_URL settings): the Swagger page links to theirs. */
  publicUrls?: PublicUrls;
  /** Non-API paths (the edge's browser app), mounted after the API and before the 404 answer; a JSON route among them documents itself through `router`. */
  site?: (app: Express, router: HttpRouter<Caller>) => void;
}

export interface HttpServerHandle {
  app: Express;
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Maps body-parser failures (malformed JSON, oversized body) to client errors. */
function bodyParserError(error: unknown): PublicError | undefined {
  const type = (error as { type?: string }).type;
  if (type === 'entity.parse.failed') return new PublicError('bad_request', 'malformed JSON body');
  if (type === 'entity.too.large') return new PublicError('too_large', 'request body is too large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new PublicError('bad_request', 'unsupported body encoding');
  return undefined;
}

function errorHandler(options: Pick<HttpServerOptions, 'logger' | 'translateError'>, errors: Counter<'kind'>): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = bodyParserError(error) ?? toPublicError(error, options.translateError);
    const publicError = known ?? new PublicError('internal', 'internal error');
    if (!known) options.logger.error({ err: error, method: req.method, path: req.path }, 'unexpected error');
    // An outage answers every request 503: the request line says so, /ready names what is down.
    else if (publicError.kind === 'unavailable') options.logger.debug({ err: error, path: req.path }, 'dependency unavailable');
    errors.inc({ kind: publicError.kind });
    const retryAfterMs = publicError.details?.retry_after_ms;
    if (typeof retryAfterMs === 'number') res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    res.status(HTTP_STATUS[publicError.kind]).json({
      error: { code: publicError.kind, message: publicError.message, reason: publicError.reason, details: publicError.details },
    });
  };
}

/** Liveness and scrape endpoints: polled every few seconds, so logged at debug only. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

/** Counts and times every request, and logs one line per request (never one per WebSocket frame). */
function observe(app: Express, metrics: Registry, logger: Logger): void {
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [metrics] });
  const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [metrics] });
  app.use((req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      // The matched route pattern, not the raw path, keeps label cardinality bounded.
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      const seconds = end({ method: req.method, route });
      // The path without its query: a query may carry a token.
      const line = { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10 };
      if (PROBES.has(req.path)) logger.debug(line, 'http request');
      else logger.info(line, 'http request');
    });
    next();
  });
}

/**
 * Lets pages served from another origin (the browser app on the edge calls auth, the core and
 * ticketing) call the API with a bearer token. Preflights are answered here.
 */
function cors(app: Express, corsOrigin: string): void {
  const allowed = corsOrigin === '*' ? undefined : new Set(corsOrigin.split(',').map((origin) => origin.trim()));
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && (!allowed || allowed.has(origin))) {
      res.setHeader('Access-Control-Allow-Origin', allowed ? origin : '*');
      if (allowed) res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID');
        res.setHeader('Access-Control-Max-Age', '600');
        return void res.status(204).end();
      }
    }
    next();
  });
}

/** Starts an express 5 server with the platform's standard endpoints around the service's routes. */
export async function startHttpServer<Caller>(options: HttpServerOptions<Caller>): Promise<HttpServerHandle> {
  const app = express();
  app.disable('x-powered-by');
  // API answers change with every request; an ETag (a hash of each body) would never match.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  observe(app, options.metrics, options.logger);
  cors(app, options.corsOrigin ?? '*');
  app.use(express.json({ limit: options.maxBodyBytes, type: ['application/json', 'application/*+json'] }));

  const api: Router = express.Router();
  const router = new HttpRouter<Caller>(api, options.authenticate);
  // The service's own routes first: Swagger UI lists the tags in the order they appear.
  options.routes(router);
  probeRoutes(options)(router);
  app.use(api);
  options.site?.(app, router);
  // Generated once every route is known, the site's too.
  const links = options.publicUrls ? `\n\n${otherServicesDocs(options.service, options.publicUrls)}` : '';
  const openapi = router.openApiDocument(options.service, options.version, options.description + links);
  app.get('/docs/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  // serveFiles, not serve: serve answers swagger-ui-init.js from one module-wide variable, the
  // last document set up, so every service in one process (npm start) showed ticketing's page.
  app.use('/docs', swaggerUi.serveFiles(openapi), swaggerUi.setup(openapi));

  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `no route for ${req.method} ${req.path}` } });
  });
  const errors = new Counter({ name: 'http_errors_total', help: 'HTTP error answers by kind', labelNames: ['kind'], registers: [options.metrics] });
  app.use(errorHandler(options, errors));

  const server = app.listen(options.port);
  await listening(server, options.portVariable, options.port);
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, `${options.service} HTTP listening on port ${port}`);
  return {
    app,
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

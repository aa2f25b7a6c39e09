import * as httpServer from '#kernel/http/http-server';
import type { HttpServerHandle } from '#kernel/http/http-server';
import { TicketingPlatform } from './support/ticketing-harness';
import { mountedRoutes } from './support/mounted-routes';
import { contentWithoutExample, parametersWithoutExample, type OpenApiDocument, type Operation } from './support/openapi-examples';

// Every service's Swagger page (the document /docs loads) against the express app the service
// really runs: every route it answers is listed, with examples Swagger UI can show, and the page
// links to the other services' pages at their configured PUBLIC_*_URL.

const PUBLIC_URLS = {
  auth: 'https://auth.example.test',
  'ws-producer': 'https://edge.example.test',
  'ws-consumer': 'https://core.example.test',
  ticketing: 'https://tickets.example.test',
};
type Service = keyof typeof PUBLIC_URLS;
const SERVICES = Object.keys(PUBLIC_URLS) as Service[];

/** Answered by the services but not API: the browser app's pages and the document itself. */
const NOT_API = new Set(['GET /', 'GET /admin', 'GET /docs/openapi.json']);
/** Static files: Swagger UI's own, the browser app's bundles. */
const MOUNTS = { auth: ['/docs'], 'ws-producer': ['/assets', '/docs'], 'ws-consumer': ['/docs'], ticketing: ['/docs'] };

function documentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .sort();
}

function operations(doc: OpenApiDocument): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]));
}

/** The required parameters, request bodies, and the success answers (the lowest 2xx status; only 204 may be empty), that lack a whole example. */
function withoutExamples(doc: OpenApiDocument): string[] {
  return operations(doc).flatMap(([name, op]) => {
    const body = op.requestBody ? contentWithoutExample(doc, op.requestBody.content, `${name} request`) : [];
    const request = [...parametersWithoutExample(doc, op.parameters, name), ...body];
    const success = Object.keys(op.responses).filter((status) => /^2\d\d$/.test(status)).sort()[0];
    const answer = success ? op.responses[success].content : undefined;
    // Only a 204 answers nothing.
    if (!answer) return success === '204' ? request : [...request, `${name} ${success ?? 'success'}: no content`];
    return [...request, ...contentWithoutExample(doc, answer, `${name} ${success}`)];
  });
}

describe('Swagger pages (/docs) of every service', () => {
  // The services' HTTP servers as they start, to read the routes their express apps mount.
  const spy = jest.spyOn(httpServer, 'startHttpServer');
  const platform = new TicketingPlatform({
    PUBLIC_AUTH_URL: PUBLIC_URLS.auth,
    PUBLIC_EDGE_URL: PUBLIC_URLS['ws-producer'],
    PUBLIC_CORE_URL: PUBLIC_URLS['ws-consumer'],
    PUBLIC_TICKETING_URL: PUBLIC_URLS.ticketing,
  });
  const servers = {} as Record<Service, HttpServerHandle>;
  const docs = {} as Record<Service, OpenApiDocument>;
  /** The script Swagger UI's page loads, which carries the document it renders. */
  const uiScripts = {} as Record<Service, string>;

  beforeAll(async () => {
    await platform.start();
    for (const [i, [options]] of spy.mock.calls.entries()) servers[options.service as Service] = await (spy.mock.results[i].value as Promise<HttpServerHandle>);
    for (const service of SERVICES) {
      const base = `http://127.0.0.1:${servers[service].port}/docs`;
      docs[service] = (await (await fetch(`${base}/openapi.json`)).json()) as OpenApiDocument;
      uiScripts[service] = await (await fetch(`${base}/swagger-ui-init.js`)).text();
    }
  }, 60_000);
  afterAll(async () => {
    spy.mockRestore();
    await platform.stop();
  });

  describe.each(SERVICES)('%s', (service) => {
    it('lists exactly the routes the service answers', () => {
      const mounted = mountedRoutes(servers[service].app);
      expect(mounted.routes.filter((route) => !NOT_API.has(route))).toEqual(documentedRoutes(docs[service]));
      expect(mounted.mounts).toEqual(MOUNTS[service]);
    });

    it('gives each path parameter, request body and success answer a whole example', () => {
      expect(withoutExamples(docs[service])).toEqual([]);
    });

    it("links to the other services' pages at their public URLs", () => {
      for (const other of SERVICES.filter((name) => name !== service)) {
        expect(docs[service].info.description).toContain(`](${PUBLIC_URLS[other]}/docs)`);
        expect(uiScripts[service]).toContain(`](${PUBLIC_URLS[other]}/docs)`);
      }
      expect(docs[service].info.description).not.toContain(PUBLIC_URLS[service]);
    });
  });
});

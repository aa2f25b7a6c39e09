import type { Express } from 'express';

/** What express 5 (router 2) keeps of each `app.get`/`app.use`: the fields read here only. */
interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

export interface MountedRoutes {
  /** `GET /v1/rooms/:room`, one per method and path. */
  routes: string[];
  /** Paths middleware is mounted at (static files, Swagger UI's assets): `/docs`. */
  mounts: string[];
}

/**
 * The routes an express app really answers, read from its router stack (nested routers
 * included), so a test can compare them with what the OpenAPI document lists.
 */
export function mountedRoutes(app: Express): MountedRoutes {
  const found: MountedRoutes = { routes: [], mounts: [] };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', found);
  return { routes: [...new Set(found.routes)].sort(), mounts: [...new Set(found.mounts)].sort() };
}

function walk(stack: Layer[], prefix: string, found: MountedRoutes): void {
  for (const layer of stack) {
    const path = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) found.routes.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
    } else if (layer.handle.stack) {
      walk(layer.handle.stack, prefix + path, found);
    } else if (path) {
      found.mounts.push(prefix + path);
    }
  }
}

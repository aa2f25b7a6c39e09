import type { Request, Response, Router } from 'express';
import { OpenAPIRegistry, OpenApiGeneratorV3, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PublicError } from '../errors/error-kind';
import { parseOrThrow } from '../errors/validation';

/** Resolves the bearer token of a request to the caller (the services' principal), or throws a PublicError. */
export type Authenticator<Caller> = (token: string) => Promise<Caller>;

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends `body` as is with this type (Prometheus text); JSON otherwise. */
  contentType?: string;
}

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  /** The answer's media type when it is not JSON (text/event-stream, Prometheus text). */
  contentType?: string;
  /** A whole example answer, where the schema's own examples cannot say it (a stream, text). */
  example?: unknown;
}

interface RouteInput<B, P, Q, Who> {
  body: B;
  params: P;
  query: Q;
  /** The authenticated caller on `auth: true` routes. */
  principal: Who;
  req: Request;
}

export interface RouteSpec<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType, A extends boolean, Caller> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path (`/v1/rooms/:room`); documented as `/v1/rooms/{room}`. */
  path: string;
  summary: string;
  tag: string;
  /** Require `Authorization: Bearer <access token>`. */
  auth?: A;
  body?: B;
  params?: P;
  query?: Q;
  responses: Record<number, RouteResponse>;
  handler: (input: RouteInput<z.infer<B>, z.infer<P>, z.infer<Q>, A extends true ? Caller : undefined>) => Promise<RouteResult>;
}

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'bad_request' }),
      message: z.string(),
      reason: z.string().optional().meta({ description: 'Dotted domain code, e.g. AUTH.USERNAME_TAKEN' }),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  return schema ? parseOrThrow(schema, value ?? {}, where) : (undefined as z.infer<T>);
}

/** Reads the bearer token from an Authorization header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function documentResponse({ description, schema, contentType, example }: RouteResponse): ResponseConfig {
  if (!schema && example === undefined) return { description };
  return { description, content: { [contentType ?? 'application/json']: { schema: schema ?? z.string(), example } } };
}

/**
 * Registers routes on express and in the OpenAPI registry from one spec, so the document is
 * generated from exactly the zod schemas that validate requests.
 */
export class HttpRouter<Caller = unknown> {
  private readonly registry = new OpenAPIRegistry();

  constructor(
    private readonly router: Router,
    private readonly authenticate?: Authenticator<Caller>,
  ) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  }

  add<B extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, A extends boolean = false>(
    spec: RouteSpec<B, P, Q, A, Caller>,
  ): void {
    this.document(spec);
    this.router[spec.method](spec.path, async (req: Request, res: Response) => {
      const principal = spec.auth ? await this.principalOf(req) : undefined;
      const result = await spec.handler({
        body: parse(spec.body, req.body, 'body'),
        params: parse(spec.params, req.params, 'path'),
        query: parse(spec.query, req.query, 'query'),
        principal: principal as A extends true ? Caller : undefined,
        req,
      });
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      if (result.body === undefined) res.status(result.status).end();
      else if (result.contentType) res.status(result.status).type(result.contentType).send(result.body);
      else res.status(result.status).json(result.body);
    });
  }

  openApiDocument(title: string, version: string, description: string): object {
    return new OpenApiGeneratorV3(this.registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { title, version, description },
    });
  }

  private async principalOf(req: Request): Promise<Caller> {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new PublicError('unauthorized', 'missing bearer token');
    if (!this.authenticate) throw new Error('route needs auth but no authenticator was given');
    return this.authenticate(token);
  }

  private document(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, boolean, Caller>): void {
    const responses: Record<string, ResponseConfig> = {};
    for (const [status, response] of Object.entries(spec.responses)) responses[status] = documentResponse(response);
    responses.default = { description: 'Error', content: { 'application/json': { schema: ErrorBodySchema } } };
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      tags: [spec.tag],
      security: spec.auth ? [{ bearer: [] }] : undefined,
      request: {
        body: spec.body ? { content: { 'application/json': { schema: spec.body } } } : undefined,
        params: spec.params as z.ZodObject | undefined,
        query: spec.query as z.ZodObject | undefined,
      },
      responses,
    });
  }
}

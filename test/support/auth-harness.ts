import { loadAuthConfig, startAuth, type AuthConfig, type AuthHandle } from '../../auth/index';
import { createLogger } from '#kernel/logging/logger';
import { loadProto } from '#kernel/grpc/grpc-server';
import { callUnary, createGrpcClient } from '#kernel/grpc/grpc-client';
import type { Client } from '@grpc/grpc-js';
import { uniqueId } from './test-run';
import { isolatedDatabaseUrl } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface TestAuth extends AuthHandle {
  config: AuthConfig;
  baseUrl: string;
  grpcAddress: string;
  /** Calls an AuthService method over gRPC. */
  grpc<T = any>(method: string, request: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Starts a real auth service on free ports, against the run's PostgreSQL (a schema of its own), Redis and NATS. */
export async function startTestAuth(overrides: Record<string, string> = {}): Promise<TestAuth> {
  const config = loadAuthConfig({
    ...process.env,
    DATABASE_URL: await isolatedDatabaseUrl(),
    AUTH_HTTP_PORT: '0',
    AUTH_GRPC_PORT: '0',
    NAME_PREFIX: `${process.env.NAME_PREFIX}${uniqueId(3)}_`,
    JWT_SECRET: TEST_JWT_SECRET,
    PASSWORD_SCRYPT_LOG_N: '10',
    ...overrides,
  });
  const handle = await startAuth(config, createLogger('auth-test', process.env.LOG_LEVEL ?? 'silent'));
  const grpcAddress = `127.0.0.1:${handle.grpcPort}`;
  const client: Client = createGrpcClient(loadProto('auth.proto'), 'auth.v1.AuthService', grpcAddress);
  return {
    ...handle,
    config,
    baseUrl: `http://127.0.0.1:${handle.httpPort}`,
    grpcAddress,
    grpc: (method, request) => callUnary(client, method, request),
    close: async () => {
      client.close();
      await handle.stop();
    },
  };
}

/** JSON over HTTP with fetch; answers status, headers and parsed body. */
export async function http(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, body: json, text };
}

/** A new user's registration payload with unique names. */
export function newUser(password = 'password123') {
  const id = uniqueId(5);
  return { username: `u_${id}`, email: `u_${id}@example.com`, password };
}

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { Counter, Histogram, type Registry } from 'prom-client';
import { dirname, join } from 'node:path';
import { repoFolder } from '../config/repo-folder';
import type { Logger } from '../logging/logger';
import type { ErrorKind, ErrorTranslator } from '../errors/error-kind';
import { toPublicError } from '../errors/infrastructure-errors';
import { portError } from '../lifecycle/listening';

const PROTO_DIR = repoFolder('proto');

const LOADER_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export function loadProto(file: string): protoLoader.PackageDefinition {
  return protoLoader.loadSync(join(PROTO_DIR, file), { ...LOADER_OPTIONS, includeDirs: [PROTO_DIR] });
}

/** The .proto files of the libraries' health and reflection services, for reflection to describe them too. */
function libraryProtos(): protoLoader.PackageDefinition {
  const folder = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));
  return protoLoader.loadSync(
    [
      join(folder('grpc-health-check'), 'proto/health/v1/health.proto'),
      join(folder('@grpc/reflection'), 'build/proto/grpc/reflection/v1/reflection.proto'),
      join(folder('@grpc/reflection'), 'build/proto/grpc/reflection/v1alpha/reflection.proto'),
    ],
    LOADER_OPTIONS,
  );
}

/** Looks up `pkg.v1.Service` in a loaded package definition. */
export function serviceDefinition(pkg: protoLoader.PackageDefinition, fullName: string): grpc.ServiceDefinition {
  return pkg[fullName] as grpc.ServiceDefinition;
}

const GRPC_STATUS: Record<ErrorKind, grpc.status> = {
  bad_request: grpc.status.INVALID_ARGUMENT,
  unauthorized: grpc.status.UNAUTHENTICATED,
  forbidden: grpc.status.PERMISSION_DENIED,
  not_found: grpc.status.NOT_FOUND,
  conflict: grpc.status.ALREADY_EXISTS,
  rate_limited: grpc.status.RESOURCE_EXHAUSTED,
  too_large: grpc.status.INVALID_ARGUMENT,
  unavailable: grpc.status.UNAVAILABLE,
  internal: grpc.status.INTERNAL,
};

/** A unary handler written as an async function: return the response or throw. */
export type AsyncUnary<Req, Res> = (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>;

export interface GrpcServerOptions {
  port: number;
  /** The setting `port` came from (AUTH_GRPC_PORT …), named when the port is taken. */
  portVariable: string;
  logger: Logger;
  metrics: Registry;
  translateError: ErrorTranslator;
  pkg: protoLoader.PackageDefinition;
  /** Full service name (`auth.v1.AuthService`) → its async unary handlers by method name. */
  services: Record<string, Record<string, AsyncUnary<any, any>>>;
}

export interface GrpcServerHandle {
  server: grpc.Server;
  port: number;
  health: HealthImplementation;
  close(): Promise<void>;
}

function grpcMetrics(registry: Registry) {
  return {
    requests: new Counter({ name: 'realtime_grpc_requests_total', help: 'gRPC requests by method and status', labelNames: ['method', 'code'], registers: [registry] }),
    duration: new Histogram({ name: 'realtime_grpc_request_duration_seconds', help: 'gRPC request duration', labelNames: ['method'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry] }),
  };
}

function toServiceError(error: unknown, options: GrpcServerOptions): Partial<grpc.StatusObject> {
  const known = toPublicError(error, options.translateError);
  if (!known) {
    options.logger.error({ err: error }, 'unexpected gRPC error');
    return { code: grpc.status.INTERNAL, details: 'internal error' };
  }
  const metadata = new grpc.Metadata();
  if (known.reason) metadata.set('reason', known.reason);
  return { code: GRPC_STATUS[known.kind], details: known.message, metadata };
}

function wrap(method: string, handler: AsyncUnary<unknown, unknown>, options: GrpcServerOptions, metrics: ReturnType<typeof grpcMetrics>): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const end = metrics.duration.startTimer({ method });
    handler(call.request, call).then(
      (response) => {
        end();
        metrics.requests.inc({ method, code: 'OK' });
        callback(null, response);
      },
      (error: unknown) => {
        end();
        const status = toServiceError(error, options);
        metrics.requests.inc({ method, code: grpc.status[status.code ?? grpc.status.INTERNAL] });
        callback(status);
      },
    );
  };
}

/** Starts a gRPC server with the given services plus grpc.health.v1.Health and server reflection. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcServerHandle> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  const metrics = grpcMetrics(options.metrics);
  const statusMap: Record<string, 'SERVING'> = { '': 'SERVING' };
  for (const [serviceName, handlers] of Object.entries(options.services)) {
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const [method, handler] of Object.entries(handlers)) implementation[method] = wrap(method, handler, options, metrics);
    server.addService(serviceDefinition(options.pkg, serviceName), implementation);
    statusMap[serviceName] = 'SERVING';
  }
  const health = new HealthImplementation(statusMap);
  health.addToServer(server);
  // Reflection lists every service this server answers: the application's, health and reflection itself.
  new ReflectionService({ ...libraryProtos(), ...options.pkg }).addToServer(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`0.0.0.0:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(portError(error, options.portVariable, options.port)) : resolve(bound)));
  });
  options.logger.info({ port }, `gRPC listening on port ${port}`);
  return {
    server,
    port,
    health,
    close: () =>
      new Promise<void>((resolve) => {
        for (const name of Object.keys(statusMap)) health.setStatus(name, 'NOT_SERVING');
        const force = setTimeout(() => server.forceShutdown(), 5_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

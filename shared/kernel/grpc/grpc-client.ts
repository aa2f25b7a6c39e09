import * as grpc from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';

type UnaryMethod = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, response: unknown) => void) => void;

/** A client for `fullName` (e.g. `auth.v1.AuthService`) from a loaded package definition. */
export function createGrpcClient(pkg: PackageDefinition, fullName: string, address: string, options: grpc.ChannelOptions = {}): grpc.Client {
  const loaded = grpc.loadPackageDefinition(pkg);
  const Service = fullName.split('.').reduce<any>((node, part) => node[part], loaded) as grpc.ServiceClientConstructor;
  return new Service(address, grpc.credentials.createInsecure(), options);
}

/** Calls a unary method as a promise; rejects with the grpc.ServiceError. */
export function callUnary<Res>(client: grpc.Client, method: string, request: unknown, timeoutMs = 5_000): Promise<Res> {
  const fn = (client as unknown as Record<string, UnaryMethod>)[method];
  return new Promise((resolve, reject) => {
    fn.call(client, request, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) => (error ? reject(error) : resolve(response as Res)));
  });
}

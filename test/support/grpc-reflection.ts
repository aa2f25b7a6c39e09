import type * as grpc from '@grpc/grpc-js';
import { loadProto } from '#kernel/grpc/grpc-server';
import { createGrpcClient } from '#kernel/grpc/grpc-client';

type ReflectionClient = grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<object, { list_services_response?: { service: { name: string }[] } }> };

/** The services a gRPC server lists through server reflection (what grpcurl sees), sorted. */
export async function reflectedServices(address: string): Promise<string[]> {
  const reflection = createGrpcClient(loadProto('../node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto'), 'grpc.reflection.v1.ServerReflection', address) as ReflectionClient;
  const stream = reflection.ServerReflectionInfo();
  try {
    const answer = new Promise<string[]>((resolve, reject) => {
      stream.on('data', (message) => resolve((message.list_services_response?.service ?? []).map((s: { name: string }) => s.name)));
      stream.on('error', reject);
    });
    stream.write({ list_services: '' });
    return (await answer).sort();
  } finally {
    stream.end();
    reflection.close();
  }
}

/** What every gRPC server of the platform serves besides its own API. */
export const PLATFORM_GRPC_SERVICES = ['grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'];

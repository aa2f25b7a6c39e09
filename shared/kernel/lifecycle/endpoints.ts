/** Where a running service answers, for the start-up line that lists them. */
export interface Endpoints {
  http: string;
  docs: string;
  websocket?: string;
  grpc?: string;
}

/** The endpoints of a service listening on these ports (the process binds every interface). */
export function endpointsOf(ports: { http: number; grpc?: number; websocketPath?: string }): Endpoints {
  const http = `http://localhost:${ports.http}`;
  return {
    http,
    docs: `${http}/docs`,
    ...(ports.websocketPath ? { websocket: `ws://localhost:${ports.http}${ports.websocketPath}` } : {}),
    ...(ports.grpc !== undefined ? { grpc: `localhost:${ports.grpc}` } : {}),
  };
}

/** One service's endpoints as text: `auth http://localhost:8080 (docs …/docs, gRPC localhost:50051)`. */
export function describeEndpoints(service: string, endpoints: Endpoints): string {
  const extras = [endpoints.websocket && `WebSocket ${endpoints.websocket}`, `docs ${endpoints.docs}`, endpoints.grpc && `gRPC ${endpoints.grpc}`].filter(Boolean);
  return `${service} ${endpoints.http} (${extras.join(', ')})`;
}

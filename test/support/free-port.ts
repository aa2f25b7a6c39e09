import { createServer } from 'node:net';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port that was free a moment ago, for child processes that need fixed ports. Taken below
 * Linux's ephemeral range (32768+), so a server elsewhere in the run that binds port 0 cannot be
 * handed the same port before the child binds it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
}

/** Fixed ports for every listener of the whole platform started as a child process. */
export interface ServicePorts {
  auth: number;
  authGrpc: number;
  edge: number;
  edgeGrpc: number;
  core: number;
  ticketing: number;
}

export async function servicePorts(): Promise<ServicePorts> {
  return { auth: await freePort(), authGrpc: await freePort(), edge: await freePort(), edgeGrpc: await freePort(), core: await freePort(), ticketing: await freePort() };
}

/** The environment that puts each service on its port (and the edge on auth's gRPC port). */
export function servicePortsEnv(ports: ServicePorts): Record<string, string> {
  return {
    AUTH_HTTP_PORT: String(ports.auth),
    AUTH_GRPC_PORT: String(ports.authGrpc),
    AUTH_GRPC_URL: `127.0.0.1:${ports.authGrpc}`,
    PRODUCER_HTTP_PORT: String(ports.edge),
    PRODUCER_GRPC_PORT: String(ports.edgeGrpc),
    CONSUMER_HTTP_PORT: String(ports.core),
    TICKETING_HTTP_PORT: String(ports.ticketing),
  };
}

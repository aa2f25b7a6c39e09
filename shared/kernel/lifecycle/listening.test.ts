import { createServer, type AddressInfo, type Server } from 'node:net';
import { Registry } from 'prom-client';
import { ConfigError } from '../config/env';
import { createLogger } from '../logging/logger';
import { loadProto, startGrpcServer } from '../grpc/grpc-server';
import { listening } from './listening';

async function takenPort(): Promise<{ port: number; holder: Server }> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, resolve));
  return { port: (holder.address() as AddressInfo).port, holder };
}

describe('a port another process holds', () => {
  it('is one line naming the setting, for an HTTP server', async () => {
    const { port, holder } = await takenPort();
    try {
      const error = await listening(createServer().listen(port), 'SOME_HTTP_PORT', port).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(`SOME_HTTP_PORT=${port} is in use: another process listens there; stop it, or set SOME_HTTP_PORT to a free port (0 takes any)`);
    } finally {
      holder.close();
    }
  });

  it('is one line naming the setting, for a gRPC server', async () => {
    const { port, holder } = await takenPort();
    try {
      const start = startGrpcServer({ port, portVariable: 'SOME_GRPC_PORT', logger: createLogger('test', 'silent'), metrics: new Registry(), translateError: () => undefined, pkg: loadProto('auth.proto'), services: {} });
      await expect(start).rejects.toThrow(new ConfigError(`SOME_GRPC_PORT=${port} is in use: another process listens there; stop it, or set SOME_GRPC_PORT to a free port (0 takes any)`));
    } finally {
      holder.close();
    }
  });
});

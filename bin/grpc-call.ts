import { readdirSync } from 'node:fs';
import { ConfigError } from '#kernel/config/env';
import { loadProto } from '#kernel/grpc/grpc-server';
import { repoFolder } from '#kernel/config/repo-folder';
import { callUnary, createGrpcClient } from '#kernel/grpc/grpc-client';

const USAGE = 'usage: npm run grpc -- <host:port> <package.Service/Method> [json-request]\n  e.g. npm run grpc -- 127.0.0.1:50051 auth.v1.AuthService/ValidateToken \'{"token":"…"}\'';

/** A small gRPC client for trying the APIs by hand (grpcurl works too: both servers have reflection). */
async function main(): Promise<void> {
  const [address, target, body = '{}'] = process.argv.slice(2);
  const match = /^([\w.]+)\/(\w+)$/.exec(target ?? '');
  if (!address || !match) throw new ConfigError(USAGE);
  const files = readdirSync(repoFolder('proto')).filter((f) => f.endsWith('.proto'));
  const pkg = Object.assign({}, ...files.map((file) => loadProto(file)));
  if (!pkg[match[1]]) throw new ConfigError(`unknown service ${match[1]}; known: ${Object.keys(pkg).filter((k) => /Service$/.test(k)).join(', ')}`);
  const client = createGrpcClient(pkg, match[1], address);
  const response = await callUnary(client, match[2], JSON.parse(body));
  process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
  client.close();
}

main().catch((error: unknown) => {
  const e = error as { code?: number; details?: string; message?: string };
  process.stderr.write(`${e.details ? `gRPC status ${e.code}: ${e.details}` : (e.message ?? String(error))}\n`);
  process.exit(1);
});

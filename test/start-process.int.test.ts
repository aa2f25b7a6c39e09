import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort, servicePorts, servicePortsEnv } from './support/free-port';
import { databaseUrl, dropDatabase, uniqueId } from './support/test-run';

const ROOT = join(__dirname, '..');

async function waitFor(check: () => boolean, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`not started within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForHttpDown(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      return true;
    }
  }
  return false;
}

function runStart(env: Record<string, string>) {
  return spawnSync('node', ['dist/bin/start.js', 'all'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('the whole platform started the way the README says (`make start`)', () => {
  const database = `rt_test_proc_${uniqueId()}`;
  let output = '';

  afterAll(async () => {
    await dropDatabase(database);
  });

  it('creates and migrates its database, starts every service, serves /health, /ready and /docs/openapi.json, and stops on SIGTERM', async () => {
    const ports = await servicePorts();
    const child = spawn('make', ['start'], {
      cwd: ROOT,
      detached: true,
      // CI='' so the install step is `npm install` (a no-op here), never `npm ci` under running tests.
      env: {
        ...process.env,
        CI: '',
        DATABASE_URL: databaseUrl(database),
        NAME_PREFIX: `${process.env.NAME_PREFIX}proc_`,
        ...servicePortsEnv(ports),
        JWT_SECRET: 'x'.repeat(40),
        LOG_LEVEL: 'info',
      },
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    try {
      await waitFor(() => output.includes('"msg":"ready in'), child, 120_000);
      // One line lists where everything answers.
      const ready = output.split('\n').find((line) => line.includes('"msg":"ready in')) as string;
      for (const url of [
        `auth http://localhost:${ports.auth} (docs http://localhost:${ports.auth}/docs, gRPC localhost:${ports.authGrpc})`,
        `ws-producer http://localhost:${ports.edge} (WebSocket ws://localhost:${ports.edge}/v1/ws, docs http://localhost:${ports.edge}/docs, gRPC localhost:${ports.edgeGrpc})`,
        `ws-consumer http://localhost:${ports.core} (docs http://localhost:${ports.core}/docs)`,
      ])
        expect(ready).toContain(url);
      expect(output).toContain('compiling TypeScript');
      for (const [service, port] of [['auth', ports.auth], ['ws-producer', ports.edge], ['ws-consumer', ports.core]] as const) {
        const base = `http://127.0.0.1:${port}`;
        expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: 'ok', service });
        expect(await (await fetch(`${base}/ready`)).json()).toMatchObject({ status: 'ready', down: [] });
        const openapi = (await (await fetch(`${base}/docs/openapi.json`)).json()) as { openapi: string; paths: object };
        expect(openapi.openapi).toMatch(/^3\./);
      }
      expect(output).toContain('applied migrations');
    } finally {
      process.kill(-(child.pid as number), 'SIGTERM');
    }
    await new Promise((resolve) => child.on('exit', resolve));
    // make dies of the signal; the platform itself drains and closes its ports.
    for (const port of [ports.auth, ports.edge, ports.core]) await expect(waitForHttpDown(`http://127.0.0.1:${port}/health`, 10_000)).resolves.toBe(true);
    expect(output).toContain('shutting down');
  }, 180_000);

  it('a bad setting stops start-up with one line naming the variable', () => {
    const result = runStart({ AUTH_HTTP_PORT: 'eighty' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('invalid configuration: AUTH_HTTP_PORT (got "eighty"): expected a port number 0-65535');
  });

  it('production without a signing key does not start: the development secret is public', () => {
    const result = runStart({ NODE_ENV: 'production', JWT_SECRET: '', JWT_PRIVATE_KEY: '', JWT_PUBLIC_KEY: '' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'invalid configuration: JWT_SECRET (got unset): required when NODE_ENV=production (or JWT_PRIVATE_KEY/JWT_PUBLIC_KEY): the development default is public; e.g. JWT_SECRET=$(openssl rand -hex 32)',
    ]);
  });

  it('a port another process holds stops start-up with one line naming the variable', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const result = runStart({ DATABASE_URL: databaseUrl(database), AUTH_HTTP_PORT: String(port), AUTH_GRPC_PORT: '0', LOG_LEVEL: 'silent' });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([`AUTH_HTTP_PORT=${port} is in use: another process listens there; stop it, or set AUTH_HTTP_PORT to a free port (0 takes any)`]);
    } finally {
      taken.close();
    }
  });

  it('a dependency that does not answer is named with its address and how to get it', async () => {
    const closed = await freePort();
    const result = runStart({ REDIS_URL: `redis://127.0.0.1:${closed}`, DATABASE_URL: databaseUrl(database), AUTH_HTTP_PORT: '0', AUTH_GRPC_PORT: '0', LOG_LEVEL: 'silent' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`Redis is not answering at redis://127.0.0.1:${closed}`);
    expect(result.stderr).toContain('docker compose up -d redis');
  });
});

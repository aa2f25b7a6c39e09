import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { servicePorts, servicePortsEnv } from './support/free-port';
import { databaseUrl, dropDatabase, uniqueId } from './support/test-run';

const ROOT = join(__dirname, '..');
/** Not copied: what a clone does not have, or what the copy links to instead. */
const SKIP = new Set(['node_modules', '.git', 'test-results', 'bench/results']);

/**
 * `npm run dev` in a copy of the repository (its own dist/, so the other test files' compiled code
 * is never rewritten under them): every service starts, a source change restarts them, and a
 * change under client/web rebuilds the browser app.
 */
describe('npm run dev (watch mode)', () => {
  const database = `rt_test_dev_${uniqueId()}`;
  const copy = mkdtempSync(join(tmpdir(), 'rt-dev-'));

  beforeAll(() => {
    cpSync(ROOT, copy, { recursive: true, filter: (source) => !SKIP.has(relative(ROOT, source)) });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    rmSync(copy, { recursive: true, force: true });
    await dropDatabase(database);
  });

  it('starts every service, restarts them after a source change and rebuilds the browser app after a client/web change', async () => {
    const ports = await servicePorts();
    const child = spawn(process.execPath, ['scripts/dev.js'], {
      cwd: copy,
      detached: true,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl(database),
        NAME_PREFIX: `${process.env.NAME_PREFIX}dev_`,
        ...servicePortsEnv(ports),
        JWT_SECRET: 'x'.repeat(40),
        LOG_LEVEL: 'info',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const count = (text: string) => output.split(text).length - 1;
    const until = async (what: string, check: () => boolean, timeoutMs = 120_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (child.exitCode !== null) throw new Error(`npm run dev exited with ${child.exitCode}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    try {
      await until('the first start', () => count('ready in') === 1 && count('[watch] build finished') === 1);
      expect(output).toMatch(/INFO.*platform: ready in/); // pretty logs, not JSON
      expect((await fetch(`http://127.0.0.1:${ports.edge}/health`)).status).toBe(200);

      appendFileSync(join(copy, 'ws-producer', 'config.ts'), '// a change made by npm run dev\'s test\n');
      await until('a restart after the source change', () => count('ready in') === 2, 60_000);
      expect(output).toContain('Restarting');
      expect((await fetch(`http://127.0.0.1:${ports.edge}/health`)).status).toBe(200);

      appendFileSync(join(copy, 'client', 'web', 'app', 'dom.ts'), '\n');
      await until('the browser app rebuilt', () => count('[watch] build finished') === 2, 30_000);
    } finally {
      process.kill(-(child.pid as number), 'SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    }
  }, 240_000);
});

/**
 * Servers under measurement run in child processes, so that their memory and CPU are theirs
 * alone (the load-generating client sockets stay in the parent). Parent and child talk over the
 * Node IPC channel: the child says `{ready, info}` once listening, then answers requests
 * `{id, cmd}` with `{id, ok, result | error}`: `memory` (process.memoryUsage() after forced GC,
 * which needs --expose-gc), `cpu` (process.cpuUsage()) and `stop`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

interface ChildRequest {
  id: number;
  cmd: string;
  args?: unknown;
}

type ChildReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

interface ChildReady {
  ready: true;
  info: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Child side

/** process.memoryUsage() once repeated full GCs have settled the heap (RSS of live data only). */
export async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the child with --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage();
}

/**
 * Serves the parent's requests; `memory`, `cpu` and `ping` are built in, `stop` must be given.
 * The child exits after answering `stop`, and whenever the parent goes away.
 */
export function serveParent(handlers: Record<string, (args: unknown) => unknown>): void {
  const all: Record<string, (args: unknown) => unknown> = { memory: () => settledMemory(), cpu: () => process.cpuUsage(), ping: () => 'pong', ...handlers };
  // Ctrl-C reaches the whole process group: the parent decides when this child stops.
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ChildRequest) => {
    void (async () => {
      let reply: ChildReply;
      try {
        const handler = all[message.cmd];
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        reply = { id: message.id, ok: true, result: await handler(message.args) };
      } catch (error) {
        reply = { id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      process.send?.(reply);
      if (message.cmd === 'stop') setTimeout(() => process.exit(0), 20);
    })();
  });
}

export function announceReady(info: Record<string, unknown>): void {
  process.send?.({ ready: true, info } satisfies ChildReady);
}

// ---------------------------------------------------------------------------------------------
// Parent side

export interface ForkOptions {
  /** Shown in errors and progress lines. */
  name: string;
  /** The child's environment (whole, not merged). */
  env: Record<string, string | undefined>;
  args?: string[];
  /** Write a V8 CPU profile of the child into this folder (BENCH_CPU_PROF). */
  cpuProfDir?: string;
  readyTimeoutMs?: number;
}

/** A child process running one of the entries in this folder. */
export class BenchChild {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private exited = false;
  private readonly exit: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
    readonly info: Record<string, unknown>,
  ) {
    this.exit = new Promise((resolve) => {
      if (process.exitCode !== null) resolve(process.exitCode);
      process.once('exit', (code) => {
        this.exited = true;
        for (const waiter of this.pending.values()) waiter.reject(new Error(`${name} exited (code ${code})`));
        this.pending.clear();
        resolve(code);
      });
    });
    process.on('message', (message: ChildReply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
  }

  /** Forks `entry` (a file name in this folder, without extension) and waits for it to be ready. */
  static async fork(entry: string, options: ForkOptions): Promise<BenchChild> {
    const execArgv = ['--expose-gc'];
    if (options.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`, `--cpu-prof-name=${options.name}-${Date.now()}.cpuprofile`);
    const child = fork(join(__dirname, `${entry}.js`), options.args ?? [], { env: options.env as NodeJS.ProcessEnv, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${options.name}: not ready within ${options.readyTimeoutMs ?? 60_000} ms`));
      }, options.readyTimeoutMs ?? 60_000);
      const onMessage = (message: ChildReady | ChildReply) => {
        if ('ready' in message) {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(message.info);
        }
      };
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${options.name} exited during start-up (code ${code}); its output is above`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return new BenchChild(options.name, child, info);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  request<T>(cmd: string, args?: unknown, timeoutMs = 60_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.process.send({ id, cmd, args } satisfies ChildRequest);
    });
  }

  /** Memory after forced GC in the child. */
  memory(): Promise<NodeJS.MemoryUsage> {
    return this.request('memory');
  }

  cpu(): Promise<NodeJS.CpuUsage> {
    return this.request('cpu');
  }

  /** Asks the child to stop cleanly; kills it if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.exited) return;
    await this.request('stop', undefined, timeoutMs).catch(() => undefined);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
    await this.exit;
    clearTimeout(timer);
  }
}

/** CPU use of a child between two samples, as a share of one core. */
export function cpuShare(before: NodeJS.CpuUsage, after: NodeJS.CpuUsage, seconds: number): number {
  return (after.user - before.user + after.system - before.system) / 1e6 / seconds;
}

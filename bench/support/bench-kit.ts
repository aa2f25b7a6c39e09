/**
 * Small helpers shared by the benchmarks under bench/ (the conventions of
 * bench/auth-validate: settings from the environment with bounds, one progress line a second,
 * nearest-rank percentiles, a table, JSON results in bench/results/<name>.json, Ctrl-C stopping
 * early but still cleaning up, the exit code).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';

export function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name}=${JSON.stringify(raw)}: expected a number from ${min} to ${max}`);
  return value;
}

/** Addresses of the servers the services use, and the benchmark database. */
export const servers = {
  /** auth-validate's database; the messaging benchmarks make one per run (bench-platform.ts). */
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://127.0.0.1:5432/realtime_bench',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
};

/** Latencies in milliseconds, kept whole and sorted once at the end (a few million doubles at most). */
export class LatencyRecorder {
  private values = new Float64Array(1 << 16);
  private n = 0;

  get count(): number {
    return this.n;
  }

  record(ms: number): void {
    if (this.n === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.n++] = ms;
  }

  /** Nearest-rank percentiles of everything recorded. */
  percentiles(...ps: number[]): number[] {
    const sorted = this.values.slice(0, this.n).sort();
    return ps.map((p) => (this.n === 0 ? NaN : sorted[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))]));
  }

  max(): number {
    let max = NaN;
    for (let i = 0; i < this.n; i++) if (!(this.values[i] <= max)) max = this.values[i];
    return max;
  }
}

/** Groups error messages so that a failing run shows what went wrong, not 50,000 lines. */
export class ErrorTally {
  readonly byMessage = new Map<string, number>();
  total = 0;

  add(message: string): void {
    this.total++;
    this.byMessage.set(message, (this.byMessage.get(message) ?? 0) + 1);
  }

  summary(): string {
    return [...this.byMessage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([message, count]) => `  ${fmtInt(count)} × ${message}`)
      .join('\n');
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const fmtMs = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const fmtMiB = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(1)} MiB` : 'n/a');
export const fmtRatio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');
export const round = (n: number, digits: number) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The repository root: the nearest folder up from this file (source or dist/) with a package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Stops long phases early on Ctrl-C so that cleanup still runs; a second Ctrl-C kills. */
export const interrupt = { aborted: false };
process.once('SIGINT', () => {
  interrupt.aborted = true;
  log('\nSIGINT: stopping early and cleaning up (press Ctrl-C again to kill)');
  process.once('SIGINT', () => process.exit(130));
});

/** Waits up to `ms`, returning early on Ctrl-C (checked every `stepMs`). */
export async function waitFor(ms: number, stepMs = 100): Promise<void> {
  const until = performance.now() + ms;
  while (!interrupt.aborted && performance.now() < until) await sleep(Math.min(stepMs, until - performance.now()));
}

/** Microseconds some task waited for a CPU so far (Linux PSI, /proc/pressure/cpu); NaN when unknown. */
function cpuStallMicros(): number {
  try {
    const match = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

const runStarted = { at: Date.now(), stall: cpuStallMicros() };

/**
 * Share of the run's wall time during which some runnable task waited for a CPU (all processes
 * on the machine, ours included). Well above what the benchmark itself causes means other work
 * shared the machine and the figures are noisy.
 */
export function cpuPressureSinceStart(): number {
  return (cpuStallMicros() - runStarted.stall) / 1000 / Math.max(1, Date.now() - runStarted.at);
}

/** `<name>: node <version>, <n> CPUs (<model>)`: the first line of a run. */
export function nodeLine(name: string): string {
  return `${name}: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'})`;
}

/** nodeLine() and the load average. */
export function machineLine(name: string): string {
  const [one] = loadavg();
  return `${nodeLine(name)}, load average ${one.toFixed(2)}`;
}

/** Node version and CPUs, for the JSON results. */
export function nodeInfo() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model.trim() ?? 'unknown',
  };
}

/** nodeInfo() and how busy the machine was. */
export function machineInfo() {
  return {
    ...nodeInfo(),
    load_average_1m: round(loadavg()[0], 2),
    cpu_pressure_some: round(cpuPressureSinceStart(), 3),
  };
}

/** Busy and total CPU time of the whole machine so far, in clock ticks (/proc/stat). */
export function machineTicks(): { busy: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = fields[3] + fields[4]; // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** Cores busy on the whole machine (every process) between two machineTicks() readings. */
export function machineCores(before: { busy: number; total: number }, after: { busy: number; total: number }): number {
  return ((after.busy - before.busy) / (after.total - before.total)) * cpus().length;
}

/** CPU seconds used so far by each process (by pid) whose command name is one of `names`. */
export type ProcessCpuSnapshot = Map<string, { name: string; seconds: number }>;

/**
 * Reads /proc/<pid>/stat of every process named one of `names` (e.g. the nats-server and
 * postgres processes the platform talks to; other users of those servers count too).
 */
export function processCpuSnapshot(names: string[]): ProcessCpuSnapshot {
  const snapshot: ProcessCpuSnapshot = new Map();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return snapshot;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      if (!names.includes(name)) continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
      snapshot.set(pid, { name, seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS });
    } catch {
      // The process ended meanwhile.
    }
  }
  return snapshot;
}

/**
 * Cores used per process name between two snapshots. Per pid, so that a process that exits in
 * between (a PostgreSQL backend whose connection closed) does not subtract its whole life; it
 * only loses its last interval. A process that started in between counts from zero.
 */
export function processCores(before: ProcessCpuSnapshot, after: ProcessCpuSnapshot, seconds: number, names: string[]): Record<string, number> {
  const cores: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (const [pid, now] of after) cores[now.name] += Math.max(0, now.seconds - (before.get(pid)?.seconds ?? 0)) / seconds;
  return cores;
}

/** USER_HZ: 100 on every common Linux build. */
const CLOCK_TICKS = 100;

/** The servers whose CPU the load benchmarks report beside the Node processes. */
export const SERVER_PROCESSES = ['nats-server', 'postgres'];

/** A line for the end of a run: how busy the machine was meanwhile. */
export function pressureLine(): string {
  const share = cpuPressureSinceStart();
  return `machine: load average ${loadavg()[0].toFixed(2)}; some task waited for a CPU ${Number.isFinite(share) ? `${(share * 100).toFixed(0)} %` : 'n/a'} of the run (/proc/pressure/cpu)`;
}

/** A table, first column left-aligned, the others right-aligned; `header` null for none. */
export function printTable(header: string[] | null, rows: string[][]): void {
  const all = header ? [header, ...rows] : rows;
  const widths = (header ?? rows[0] ?? []).map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (row: string[]) => `| ${row.map((cell, i) => (i === 0 ? (cell ?? '').padEnd(widths[i]) : (cell ?? '').padStart(widths[i]))).join(' | ')} |`;
  log(rule);
  if (header) {
    log(line(header));
    log(rule);
  }
  for (const row of rows) log(line(row));
  log(rule);
}

/** Writes bench/results/<name>.json, unless the run was interrupted. */
export function writeResults(name: string, result: object): void {
  const file = join(repoRoot(), 'bench', 'results', `${name}.json`);
  if (interrupt.aborted) {
    log(`interrupted: ${relative(process.cwd(), file) || file} left as it was`);
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`results written to ${relative(process.cwd(), file) || file}`);
}

/**
 * One progress line a second, `<label> <seconds since the start>s <line()>`, until the returned
 * function is called; `line()` gives the figures since the last one. `label` may be a function,
 * for a label that changes (a warm-up followed by the measured part).
 */
export function progress(label: string | (() => string), line: (secondsSinceLast: number) => string): () => void {
  const start = performance.now();
  let last = start;
  const timer = setInterval(() => {
    const now = performance.now();
    log(`${typeof label === 'string' ? label : label()} ${Math.round((now - start) / 1000)}s ${line((now - last) / 1000)}`);
    last = now;
  }, 1000);
  return () => clearInterval(timer);
}

/**
 * The frame of a benchmark's main(): runs `body`, then `cleanup` whatever happened, and exits the
 * process: 1 when `body` threw, `errors` counted any or `cleanup` resolved false; otherwise 130
 * when interrupted (Ctrl-C), else 0. Counted errors are reported on stderr as
 * `FAILED: <count> <errorsAre>:` followed by the most frequent messages.
 */
export function runBenchmark(options: { errors: ErrorTally; body: () => Promise<void>; cleanup: () => Promise<boolean>; errorsAre?: string }): void {
  const main = async (): Promise<number> => {
    let exitCode = 1;
    try {
      await options.body();
      if (options.errors.total > 0) {
        process.stderr.write(`\nFAILED: ${fmtInt(options.errors.total)} ${options.errorsAre ?? 'error(s)'}:\n${options.errors.summary()}\n`);
        exitCode = 1;
      } else exitCode = interrupt.aborted ? 130 : 0;
    } catch (error) {
      process.stderr.write(`\nFAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      exitCode = 1;
    } finally {
      if (!(await options.cleanup())) exitCode = exitCode || 1;
    }
    return exitCode;
  };
  void main().then((code) => process.exit(code));
}

/** The file-descriptor limit of this process (`ulimit -n`), read from /proc; Infinity when unknown. */
export function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : Infinity;
  } catch {
    return Infinity;
  }
}

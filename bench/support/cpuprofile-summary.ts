/**
 * Summarises V8 CPU profiles (the .cpuprofile files BENCH_CPU_PROF writes for every child):
 * self time by area (a package of node_modules, a folder of the repository, Node's internals,
 * GC, idle) and by function, optionally only for the samples inside a time window and divided
 * by a number of operations (µs per operation). A third view charges each sample to its
 * *caller*: the nearest frame on its stack that is a package or a repository folder (so the
 * socket write under express's res.end counts to express, the one under grpc-js to grpc-js),
 * then sums those callers into coarse groups (HTTP server, gRPC client, Redis, errors, zod …).
 *
 *   node dist/bench/support/cpuprofile-summary.js <file.cpuprofile>… [--from <µs>] [--to <µs>] [--per <n>] [--top <n>]
 *
 * `--from`/`--to` are CLOCK_MONOTONIC microseconds (process.hrtime.bigint() / 1000n, which is
 * the clock of the profiles' timestamps); bench/booking prints and records its phases' windows
 * on that clock when BENCH_CPU_PROF is set.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** The groups of the third view: the first whose pattern matches the charged area. */
const GROUPS: [string, RegExp][] = [
  ['idle', /^\(idle\)$/],
  ['GC', /^\(garbage collector\)$/],
  ['gRPC client/server (grpc-js, HTTP/2, protobuf)', /^(@grpc\/|protobufjs|@protobufjs\/|long$|node:internal\/http2|shared\/kernel\/grpc|shared\/contracts\/auth)/],
  ['HTTP (node:http server or client, express and its middleware)', /^(express|router|body-parser|raw-body|parseurl|content-type|type-is|path-to-regexp|finalhandler|on-finished|qs|send|depd|mime-types|mime-db|media-typer|negotiator|accepts|fresh|etag|cookie|proxy-addr|forwarded|statuses|http-errors|encodeurl|escape-html|iconv-lite|unpipe|ee-first|vary|content-disposition|range-parser|setprototypeof|serve-static|bytes|debug|ms|ipaddr\.js|node:_http|node:http$|node:net|shared\/kernel\/http)/],
  ['errors (DomainError/PublicError, translation)', /^(shared\/kernel\/errors|shared\/kernel\/domain)/],
  ['zod', /^zod/],
  ['Redis client (ioredis)', /^(ioredis|redis-parser|redis-errors|cluster-key-slot|standard-as-callback|denque)/],
  ['PostgreSQL client (pg)', /^(pg|pg-protocol|pg-pool|pg-types|postgres-|pgpass|buffer-writer|packet-reader)/],
  ['NATS client', /^@nats-io\//],
  ['BullMQ', /^(bullmq|msgpackr|cron-parser|luxon)/],
  ['logging (pino)', /^(pino|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|atomic-sleep|on-exit-leak-free|safe-stable-stringify)/],
  ['metrics (prom-client)', /^(prom-client|tdigest|bintrees)/],
  ['JWT (jsonwebtoken, crypto)', /^(jsonwebtoken|jws|jwa|safe-buffer|ecdsa-sig-formatter|buffer-equal-constant-time|lodash\.|semver|node:internal\/crypto)/],
  ['tsyringe, lru-cache, uuid', /^(tsyringe|lru-cache|uuid|reflect-metadata)/],
  ['ticketing (use cases, adapters)', /^ticketing\//],
  ['auth (use cases, adapters)', /^auth\//],
  ['ws-consumer', /^ws-consumer\//],
  ['ws-producer, ws', /^(ws-producer\/|ws$|bench\/support\/bench-socket)/],
  ['benchmark code', /^bench\//],
  ['shared (other)', /^shared\//],
  ['Node internals (events, streams, timers, promises)', /^node:/],
  ['native, program', /^\((native|program|root)\)$/],
];

/** The group of an area charged by the third view. */
export function groupOf(area: string): string {
  return GROUPS.find(([, pattern]) => pattern.test(area))?.[0] ?? 'other';
}

/** Areas of code that asks for work (a package, a folder of the repository), not Node doing it. */
const isCaller = (area: string) => !area.startsWith('(') && !area.startsWith('node:');
/** Node's modules that still say what the work was for, when no caller is on the stack (a socket read of HTTP/1 or HTTP/2). */
const isTelling = (area: string) => /^node:(_http|http$|net$|internal\/http2|internal\/crypto)/.test(area);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The area a frame's code belongs to: `express`, `@grpc/grpc-js`, `ticketing/adapters`, `node:internal/…`, `(garbage collector)`. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) {
    const name = url.slice('node:'.length);
    const parts = name.split('/');
    return `node:${parts.slice(0, parts[0] === 'internal' ? 2 : 1).join('/')}`;
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) {
    const parts = url.slice(dist + '/dist/'.length).split('/');
    return parts.slice(0, Math.min(parts.length - 1, 3)).join('/') || parts[0];
  }
  return url;
}

export interface Summary {
  file: string;
  /** Sampled microseconds in the window, in all and per area and function. */
  totalUs: number;
  byArea: Map<string, number>;
  byFunction: Map<string, number>;
  /** Self time charged to the nearest caller area on the stack (see the header), by group and by area. */
  byGroup: Map<string, number>;
  byCaller: Map<string, number>;
}

export function summarise(file: string, from = -Infinity, to = Infinity): Summary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // The area each node is charged to: the nearest caller on its stack (itself included); without
  // one, the nearest telling Node module; else its own.
  const charged = new Map<number, string>();
  const chargeOf = (id: number): string => {
    const known = charged.get(id);
    if (known !== undefined) return known;
    let telling: string | undefined;
    let found: string | undefined;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur) as ProfileNode;
      const area = areaOf(node.callFrame.url, node.callFrame.functionName);
      if (isCaller(area)) {
        found = area;
        break;
      }
      if (telling === undefined && isTelling(area)) telling = area;
    }
    const self = byId.get(id) as ProfileNode;
    const result = found ?? telling ?? areaOf(self.callFrame.url, self.callFrame.functionName);
    charged.set(id, result);
    return result;
  };
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byGroup = new Map<string, number>();
  const byCaller = new Map<string, number>();
  let totalUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (at < from || at > to || us <= 0) continue;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : ''}`.trim();
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    // GC, idle and the program itself are what they are; everything else goes to its caller.
    const caller = area.startsWith('(') && area !== '(native)' ? area : chargeOf(node.id);
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + us);
    const group = groupOf(caller);
    byGroup.set(group, (byGroup.get(group) ?? 0) + us);
    totalUs += us;
  }
  return { file, totalUs, byArea, byFunction, byGroup, byCaller };
}

function main(): void {
  const args = process.argv.slice(2);
  const files: string[] = [];
  let from = -Infinity;
  let to = Infinity;
  let per = 1;
  let top = 25;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--from') from = Number(args[++i]);
    else if (arg === '--to') to = Number(args[++i]);
    else if (arg === '--per') per = Number(args[++i]);
    else if (arg === '--top') top = Number(args[++i]);
    else files.push(arg);
  }
  if (files.length === 0) {
    process.stderr.write('usage: cpuprofile-summary <file.cpuprofile>… [--from µs] [--to µs] [--per n] [--top n]\n');
    process.exit(2);
  }
  const unit = per === 1 ? 'ms' : 'µs/op';
  const show = (us: number) => (per === 1 ? (us / 1000).toFixed(1) : (us / per).toFixed(1));
  for (const file of files) {
    const s = summarise(file, from, to);
    const busy = s.totalUs - (s.byArea.get('(idle)') ?? 0);
    process.stdout.write(`\n${basename(file)}: ${show(s.totalUs)} ${unit} sampled, ${show(busy)} ${unit} busy (not idle)\n`);
    const list = (title: string, map: Map<string, number>, n: number) => {
      process.stdout.write(`  ${title}:\n`);
      for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
        // Shares of the busy time; idle is none of it.
        const share = name === 'idle' || name === '(idle)' ? '       ' : `${((us / Math.max(1, busy)) * 100).toFixed(1).padStart(5)} %`;
        process.stdout.write(`    ${show(us).padStart(9)} ${unit}  ${share}  ${name}\n`);
      }
    };
    list('by group (each sample charged to its nearest caller package or folder)', s.byGroup, 100);
    list('by caller area', s.byCaller, top);
    list('by area (self time)', s.byArea, top);
    list('by function (self time)', s.byFunction, top);
  }
}

if (require.main === module) main();

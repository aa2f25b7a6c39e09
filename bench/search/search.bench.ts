/**
 * Benchmark: user substring search and message full-text search of the core's search module in
 * PostgreSQL (PgSearchIndex: pg_trgm GIN on username/email/phone, a tsvector GIN on message
 * bodies), against a sequential-scan ILIKE baseline on the same tables in the same run.
 *
 *   npm run bench:search
 *
 * 1. Data: USERS (1,000,000) users and MESSAGES (1,000,000) messages in the persistent database
 *    `realtime_bench_search` (BENCH_SEARCH_DATABASE_URL overrides it; other counts get a
 *    database of their own, `realtime_bench_search_u<users>_m<messages>`), migrated at start.
 *    Reused when its counts and data version are right (a row in bench_search_meta), else
 *    generated again (BENCH_SEARCH_RESET=1 forces it): documents built here from a seed
 *    (bench/search/search-data.ts) and written through PgSearchIndex.indexUsers/indexMessages
 *    in batches of INDEX_BATCH (2,000), INDEX_IN_FLIGHT (4) at a time: the indexing rate. Then
 *    VACUUM ANALYZE (GIN pending lists flushed, statistics, as autovacuum would leave them).
 * 2. Query lists (QUERY_LIST, 5,000 each), drawn from the stored documents: user queries are
 *    middle fragments (3-8 characters) of real usernames, email local parts and phone digits;
 *    message queries are 1-2 words of a stored public message among its words of frequency rank
 *    ≥ 200 (mid/low frequency; the 200 most frequent words make 56 % of all text); the labelled
 *    worst case: single words of the 20 most frequent.
 * 3. Per kind: CONCURRENCY (20) workers in a closed loop through PgSearchIndex.searchUsers /
 *    searchMessages (limit 20; messages with memberOf two private rooms) for QUERY_SECONDS (15)
 *    after WARMUP_SECONDS (2); SERIAL_QUERIES (500) of them one at a time (what a query costs
 *    without queueing); then the baseline: the first SCAN_QUERIES (200) queries of the
 *    same list, CONCURRENCY in flight, as the ILIKE query a team would write without an index
 *    (LIMIT 21), on connections with index and bitmap scans off. The frequent-word case:
 *    FREQUENT_SECONDS (10) and FREQUENT_SCAN_QUERIES (100).
 * 4. Checks: CHECK_QUERIES (10) queries per kind answered by PgSearchIndex over the index pool
 *    and over the scan pool (the same SQL planned without indexes) must give the same page.
 * 5. Index and table sizes; the indexing rate on a fresh sample of SAMPLE_DOCS (50,000) users
 *    and messages into the same tables, deleted again afterwards (every run reports a rate);
 *    the EXPLAIN (ANALYZE, BUFFERS) plans (auto_explain) of the EXPLAIN_SLOWEST (3) slowest
 *    queries of each kind, run again alone.
 *
 * Writes bench/results/search.json; exits non-zero on errors or wrong answers (a query drawn from
 * the data that finds nothing, pages that differ from the scan's); a missed goal is reported.
 */
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createLogger } from '#kernel/logging/logger';
import { ensureDatabase } from '#kernel/pg/ensure-database';
import { migrateUp } from '#kernel/pg/migrate';
import { createPgPool, pgConnection } from '#kernel/pg/pg-pool';
import { PgSearchIndex } from '../../ws-consumer/search/adapters/outbound/pg/pg-search.index';
import { searchText } from '../../ws-consumer/search/domain/search-query';
import type { MessageDocument, UserDocument } from '../../ws-consumer/search/domain/search-documents';
import { cpuShare } from '../support/bench-child';
import { percentiles, percentilesJson, type Percentiles } from '../support/load-driver';
import {
  ErrorTally,
  fmtInt,
  fmtMiB,
  fmtMs,
  fmtRatio,
  interrupt,
  LatencyRecorder,
  log,
  machineCores,
  machineInfo,
  machineLine,
  machineTicks,
  numberFromEnv,
  pressureLine,
  printTable,
  progress,
  round,
  runBenchmark,
  servers,
  waitFor,
  writeResults,
} from '../support/bench-kit';
import {
  DATA_VERSION,
  documentShare,
  FREQUENT_MAX_RANK,
  makeRooms,
  makeVocabulary,
  MESSAGE_WORDS,
  MessageGenerator,
  messageQuery,
  MID_MIN_RANK,
  Rng,
  ROOMS,
  SEED,
  userFragment,
  UserGenerator,
  VOCABULARY_SIZE,
  ZIPF_EXPONENT,
  type Vocabulary,
} from './search-data';

const NAME = 'search';
const GOAL_P99_MS = 50;
const GOAL_RATIO = 20;
const PAGE = 20;
const DEFAULT_COUNT = 1_000_000;

const settings = {
  users: Math.floor(numberFromEnv('USERS', DEFAULT_COUNT, 1_000, 100_000_000)),
  messages: Math.floor(numberFromEnv('MESSAGES', DEFAULT_COUNT, 1_000, 100_000_000)),
  concurrency: Math.floor(numberFromEnv('CONCURRENCY', 20, 1, 500)),
  querySeconds: numberFromEnv('QUERY_SECONDS', 15, 1, 3_600),
  warmupSeconds: numberFromEnv('WARMUP_SECONDS', 2, 0, 600),
  scanQueries: Math.floor(numberFromEnv('SCAN_QUERIES', 200, 1, 100_000)),
  frequentSeconds: numberFromEnv('FREQUENT_SECONDS', 10, 0, 3_600),
  frequentScanQueries: Math.floor(numberFromEnv('FREQUENT_SCAN_QUERIES', 100, 1, 100_000)),
  queryList: Math.floor(numberFromEnv('QUERY_LIST', 5_000, 100, 1_000_000)),
  indexBatch: Math.floor(numberFromEnv('INDEX_BATCH', 2_000, 1, 100_000)),
  indexInFlight: Math.floor(numberFromEnv('INDEX_IN_FLIGHT', 4, 1, 64)),
  sampleDocs: Math.floor(numberFromEnv('SAMPLE_DOCS', 50_000, 0, 10_000_000)),
  checkQueries: Math.floor(numberFromEnv('CHECK_QUERIES', 10, 0, 1_000)),
  serialQueries: Math.floor(numberFromEnv('SERIAL_QUERIES', 500, 1, 100_000)),
  explainSlowest: Math.floor(numberFromEnv('EXPLAIN_SLOWEST', 3, 0, 50)),
  reset: ['1', 'true', 'yes'].includes((process.env.BENCH_SEARCH_RESET ?? '').trim().toLowerCase()),
};

/** The persistent database; sizes other than the defaults get their own, so a quick run never replaces the big data set. */
const databaseUrl =
  process.env.BENCH_SEARCH_DATABASE_URL ??
  `postgres://127.0.0.1:5432/realtime_bench_search${settings.users === DEFAULT_COUNT && settings.messages === DEFAULT_COUNT ? '' : `_u${settings.users}_m${settings.messages}`}`;

/** The sample's documents: user ids and room names the data never uses. */
const SAMPLE_USER_ID_BASE = 1_000_000_000_000;
const sampleRooms = makeRooms('bench-sample:', { public: 20, private: 5, direct: 0 }, 1);
const sampleRoomNames = [...sampleRooms.public, ...sampleRooms.private].map((r) => r.name);
const dataRooms = makeRooms('', ROOMS, settings.users);

const errors = new ErrorTally();
const logger = createLogger('bench', servers.logLevel);
let pool: Pool | undefined;
let scanPool: Pool | undefined;
let explainPool: Pool | undefined;
let sampleWritten = false;

// ---------------------------------------------------------------------------------------------
// CPU over a phase

type Cpu = Record<string, number>;

/**
 * CPU seconds of the PostgreSQL server so far: every live postgres process (utime + stime) plus
 * what the postmaster's exited children used (its cutime + cstime), so that parallel workers,
 * which live for one query, count too (bench-kit's processCpuSnapshot loses a process that exits
 * within the window). Every client's backends count: the machine should be quiet.
 */
function postgresCpuSeconds(): number {
  const procs: { pid: string; ppid: string; own: number; children: number }[] = [];
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return NaN;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      // After the command name: state, ppid, …; utime, stime, cutime, cstime are the 14th-17th fields of the line.
      const f = stat.slice(close + 2).split(' ');
      procs.push({ pid, ppid: f[1], own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) });
    } catch {
      // ended meanwhile
    }
  }
  const ids = new Set(procs.map((p) => p.pid));
  let ticks = 0;
  for (const p of procs) ticks += p.own + (ids.has(p.ppid) ? 0 : p.children);
  return ticks / 100; // USER_HZ
}

function cpuWindow(): () => Cpu {
  const own = process.cpuUsage();
  const machine = machineTicks();
  const pg = postgresCpuSeconds();
  const start = performance.now();
  return () => {
    const seconds = (performance.now() - start) / 1000;
    const cpu: Cpu = { bench: cpuShare(own, process.cpuUsage(), seconds), postgres: (postgresCpuSeconds() - pg) / seconds };
    cpu.machine = machineCores(machine, machineTicks());
    cpu.others = Math.max(0, cpu.machine - cpu.bench - cpu.postgres);
    return cpu;
  };
}

const cpuText = (cpu: Cpu) => `pg ${cpu.postgres.toFixed(2)}, bench ${cpu.bench.toFixed(2)}, others ${cpu.others.toFixed(2)}`;
const cpuJson = (cpu: Cpu) => Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v, 3)]));

// ---------------------------------------------------------------------------------------------
// Indexing

interface IndexingRun {
  label: string;
  docs: number;
  seconds: number;
  docsPerSec: number;
  /** Seconds this process spent building documents (overlaps the writes in flight). */
  buildSeconds: number;
  batch: Percentiles;
  cpu: Cpu;
  complete: boolean;
}

/** Builds `total` documents with `make` and writes them with `write`, INDEX_BATCH a call, INDEX_IN_FLIGHT calls at a time. */
async function indexAll<T>(label: string, total: number, make: (i: number) => T, write: (docs: T[]) => Promise<void>): Promise<IndexingRun> {
  const batchLatency = new LatencyRecorder();
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  let doneSince = 0;
  let buildMs = 0;
  let failure: unknown;
  const started = performance.now();
  const cpu = cpuWindow();
  const stop = progress(`[${label}]`, (secs) => {
    const elapsed = (performance.now() - started) / 1000;
    const avg = done / elapsed;
    const line = `${fmtInt(done)} / ${fmtInt(total)} (${((100 * done) / total).toFixed(1)} %), ${fmtInt(doneSince / secs)} docs/s now, ${fmtInt(avg)} avg, ETA ${avg > 0 ? Math.ceil((total - done) / avg) : '?'}s`;
    doneSince = 0;
    return line;
  });
  try {
    for (let next = 0; next < total && !interrupt.aborted && failure === undefined; ) {
      const t0 = performance.now();
      const docs: T[] = [];
      const end = Math.min(total, next + settings.indexBatch);
      for (; next < end; next++) docs.push(make(next));
      const t1 = performance.now();
      buildMs += t1 - t0;
      const p: Promise<void> = write(docs).then(
        () => {
          batchLatency.record(performance.now() - t1);
          done += docs.length;
          doneSince += docs.length;
          inFlight.delete(p);
        },
        (error: unknown) => {
          failure ??= error;
          inFlight.delete(p);
        },
      );
      inFlight.add(p);
      if (inFlight.size >= settings.indexInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    stop();
  }
  if (failure !== undefined) throw failure;
  const seconds = (performance.now() - started) / 1000;
  return { label, docs: done, seconds, docsPerSec: done / seconds, buildSeconds: buildMs / 1000, batch: percentiles(batchLatency), cpu: cpu(), complete: done === total };
}

function indexingJson(r: IndexingRun | undefined) {
  if (!r) return null;
  return {
    docs: r.docs,
    seconds: round(r.seconds, 2),
    docs_per_sec: round(r.docsPerSec, 1),
    build_seconds: round(r.buildSeconds, 2),
    batch_size: settings.indexBatch,
    in_flight: settings.indexInFlight,
    batch_latency: percentilesJson(r.batch),
    cpu_cores: cpuJson(r.cpu),
    complete: r.complete,
  };
}

// ---------------------------------------------------------------------------------------------
// The data set

interface DataMeta {
  version: number;
  seed: number;
  users: number;
  messages: number;
  generated_at: string;
  generation: { users: ReturnType<typeof indexingJson>; messages: ReturnType<typeof indexingJson>; vacuum_analyze_seconds: number | null };
}

async function readMeta(db: Pool): Promise<DataMeta | undefined> {
  await db.query(`CREATE TABLE IF NOT EXISTS bench_search_meta (key text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
  const { rows } = await db.query<{ value: DataMeta }>(`SELECT value FROM bench_search_meta WHERE key = 'data'`);
  return rows[0]?.value;
}

async function removeSample(db: Pool): Promise<number> {
  const users = await db.query(`DELETE FROM search_users WHERE user_id >= $1`, [SAMPLE_USER_ID_BASE]);
  const messages = await db.query(`DELETE FROM search_messages WHERE room = ANY($1::text[])`, [sampleRoomNames]);
  return (users.rowCount ?? 0) + (messages.rowCount ?? 0);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
}

interface DataSet {
  reused: boolean;
  meta: DataMeta;
  generation?: { users: IndexingRun; messages: IndexingRun; vacuumSeconds: number };
}

async function prepareData(db: Pool, index: PgSearchIndex, vocabulary: Vocabulary): Promise<DataSet> {
  const meta = await readMeta(db);
  const [users, messages] = [await index.count('users'), await index.count('messages')];
  const why: string[] = [];
  if (settings.reset) why.push('BENCH_SEARCH_RESET is set');
  if (!meta) why.push('no bench_search_meta row (never generated, or interrupted)');
  else if (meta.version !== DATA_VERSION || meta.seed !== SEED) why.push(`data version ${meta.version}/seed ${meta.seed}, want ${DATA_VERSION}/${SEED}`);
  if (users !== settings.users || messages !== settings.messages) why.push(`found ${fmtInt(users)} users / ${fmtInt(messages)} messages, want ${fmtInt(settings.users)} / ${fmtInt(settings.messages)}`);
  if (why.length === 0 && meta) {
    log(`data: reusing ${fmtInt(users)} users and ${fmtInt(messages)} messages generated ${meta.generated_at} (BENCH_SEARCH_RESET=1 regenerates)`);
    return { reused: true, meta };
  }
  log(`data: generating (${why.join('; ')})`);
  await db.query(`DELETE FROM bench_search_meta WHERE key = 'data'`);
  await db.query(`TRUNCATE search_users, search_messages`);

  const userGen = new UserGenerator(SEED, vocabulary);
  const userRun = await indexAll('index users', settings.users, (i) => userGen.make(String(i + 1)), (docs: UserDocument[]) => index.indexUsers(docs));
  if (!userRun.complete) throw new Error('interrupted while generating users: the data set is incomplete and will be generated again next run');
  log(`users: ${fmtInt(userRun.docs)} in ${userRun.seconds.toFixed(1)} s, ${fmtInt(userRun.docsPerSec)} docs/s`);
  const messageGen = new MessageGenerator(SEED ^ 0x3e55, vocabulary, dataRooms, settings.users, settings.messages);
  const messageRun = await indexAll('index messages', settings.messages, () => messageGen.make(), (docs: MessageDocument[]) => index.indexMessages(docs));
  if (!messageRun.complete) throw new Error('interrupted while generating messages: the data set is incomplete and will be generated again next run');
  log(`messages: ${fmtInt(messageRun.docs)} in ${messageRun.seconds.toFixed(1)} s, ${fmtInt(messageRun.docsPerSec)} docs/s`);
  log('VACUUM ANALYZE search_users, search_messages (flushes the GIN pending lists, statistics) …');
  const vacuumSeconds = await timed(() => db.query('VACUUM ANALYZE search_users, search_messages'));
  log(`  done in ${vacuumSeconds.toFixed(1)} s`);
  const fresh: DataMeta = {
    version: DATA_VERSION,
    seed: SEED,
    users: settings.users,
    messages: settings.messages,
    generated_at: new Date().toISOString(),
    generation: { users: indexingJson(userRun), messages: indexingJson(messageRun), vacuum_analyze_seconds: round(vacuumSeconds, 2) },
  };
  await db.query(`INSERT INTO bench_search_meta (key, value) VALUES ('data', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, [JSON.stringify(fresh)]);
  return { reused: false, meta: fresh, generation: { users: userRun, messages: messageRun, vacuumSeconds } };
}

// ---------------------------------------------------------------------------------------------
// Query lists

interface Query {
  text: string;
  memberOf: string[];
  /** Messages: expected messages containing the query's rarest word (the Zipf model), an upper bound of its matches. */
  expectedMatches?: number;
  /** What kind of query it is, for the latency breakdown. */
  cls: string;
}

/**
 * User queries by what the trigram index can do with them: pg_trgm splits text into words at
 * every character that is not a letter or digit, so a fragment with `.`, `_` or `-` gives only
 * the trigrams of its pieces (often one or two letters: "il.g" → "il " and "  g").
 */
function userClass(text: string): string {
  if (/[^\p{L}\p{N}]/u.test(text)) return 'with . _ - or other punctuation';
  if (/^[0-9]+$/.test(text)) return 'digits only';
  return text.length === 3 ? '3 letters/digits' : '4-8 letters/digits';
}

function messageClass(text: string, expectedMatches: number): string {
  if (text.includes(' ')) return '2 words';
  return expectedMatches < 1_000 ? '1 word, < 1,000 messages' : expectedMatches < 4_000 ? '1 word, 1,000-4,000 messages' : '1 word, ≥ 4,000 messages';
}

const twoPrivateRooms = (rng: Rng) => [rng.pick(dataRooms.private).name, rng.pick(dataRooms.private).name];

async function userQueries(db: Pool): Promise<Query[]> {
  const rng = new Rng(SEED ^ 0x9e37);
  const list: Query[] = [];
  while (list.length < settings.queryList) {
    const ids = Array.from({ length: Math.min(10_000, settings.queryList) }, () => rng.range(1, settings.users));
    const { rows } = await db.query<{ user_id: string; username: string; email: string; phone: string | null }>(
      `SELECT user_id::text AS user_id, username, email, phone FROM search_users WHERE user_id = ANY($1::bigint[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.user_id, r]));
    for (const id of ids) {
      const user = byId.get(String(id));
      const fragment = user && userFragment(rng, user);
      if (fragment && list.length < settings.queryList) list.push({ text: searchText(fragment), memberOf: [], cls: userClass(fragment) });
    }
    if (rows.length === 0) throw new Error('search_users has none of the sampled ids');
  }
  return list;
}

async function messageQueries(db: Pool, vocabulary: Vocabulary): Promise<Query[]> {
  const rng = new Rng(SEED ^ 0x7f4a);
  const percent = Math.min(100, ((settings.queryList * 2) / settings.messages) * 100);
  const { rows } = await db.query<{ body: string }>(`SELECT body FROM search_messages TABLESAMPLE BERNOULLI (${percent.toFixed(6)}) REPEATABLE (7) WHERE visibility = 'public'`);
  rng.shuffle(rows);
  const list: Query[] = [];
  for (const row of rows) {
    if (list.length >= settings.queryList) break;
    const text = messageQuery(rng, row.body, vocabulary);
    if (!text) continue;
    const expected = Math.min(...text.split(' ').map((w) => documentShare(vocabulary, vocabulary.rankOf.get(w) ?? 0) * settings.messages));
    list.push({ text: searchText(text), memberOf: twoPrivateRooms(rng), expectedMatches: expected, cls: messageClass(text, expected) });
  }
  if (list.length === 0) throw new Error('no message query could be drawn from the stored messages');
  return list;
}

function frequentQueries(vocabulary: Vocabulary): Query[] {
  const rng = new Rng(SEED ^ 0x1234);
  return Array.from({ length: settings.queryList }, () => {
    const r = rng.int(FREQUENT_MAX_RANK);
    return { text: vocabulary.words[r], memberOf: twoPrivateRooms(rng), expectedMatches: documentShare(vocabulary, r) * settings.messages, cls: `1 word of the ${FREQUENT_MAX_RANK} most frequent` };
  });
}

// ---------------------------------------------------------------------------------------------
// Closed-loop query phases

interface QueryRun {
  label: string;
  queries: number;
  seconds: number;
  perSec: number;
  latency: Percentiles;
  meanHits: number;
  fullPages: number;
  slowest: { text: string; ms: number; hits: number }[];
  byClass: { cls: string; queries: number; latency: Percentiles }[];
  concurrency: number;
  cpu: Cpu;
}

/**
 * CONCURRENCY workers, each running its next query as soon as its last one answered, through the
 * list in order (cycling). Timed (`seconds` measured after `warmupSeconds`) or counted (`count`
 * queries, all measured). A query that fails or finds nothing (every query comes from the data)
 * is an error.
 */
async function closedLoop(label: string, list: Query[], run: (q: Query) => Promise<number>, mode: ({ seconds: number; warmupSeconds: number } | { count: number }) & { concurrency?: number }): Promise<QueryRun> {
  const latency = new LatencyRecorder();
  const byClass = new Map<string, LatencyRecorder>();
  const concurrency = mode.concurrency ?? settings.concurrency;
  const samples: { i: number; ms: number; hits: number }[] = [];
  let next = 0;
  let measuring = !('seconds' in mode);
  let running = true;
  let hitsTotal = 0;
  let fullPages = 0;
  let second: number[] = [];
  const limit = 'count' in mode ? mode.count : Infinity;
  const worker = async () => {
    while (running && !interrupt.aborted && next < limit) {
      const i = next++;
      const q = list[i % list.length];
      const counted = measuring;
      const t0 = performance.now();
      try {
        const hits = await run(q);
        const ms = performance.now() - t0;
        second.push(ms);
        if (hits === 0) errors.add(`${label}: no hit for a query drawn from the data (${JSON.stringify(q.text)})`);
        if (counted) {
          latency.record(ms);
          let recorder = byClass.get(q.cls);
          if (!recorder) byClass.set(q.cls, (recorder = new LatencyRecorder()));
          recorder.record(ms);
          samples.push({ i: i % list.length, ms, hits });
          hitsTotal += hits;
          if (hits >= PAGE) fullPages++;
        }
      } catch (error) {
        errors.add(`${label}: ${(error as Error).message}`);
      }
    }
  };
  let stage = 'seconds' in mode && mode.warmupSeconds > 0 ? ' warm-up' : '';
  const stop = progress(
    () => `[${label}${stage}]`,
    (secs) => {
      const sorted = second.sort((a, b) => a - b);
      const p = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
      const line = `${'count' in mode ? `${fmtInt(latency.count)} / ${fmtInt(mode.count)} done, ` : ''}${fmtInt(sorted.length / secs)} q/s, p50 ${fmtMs(p(0.5), 1)} / p99 ${fmtMs(p(0.99), 1)} ms this second`;
      second = [];
      return line;
    },
  );
  let cpu: Cpu;
  let seconds: number;
  try {
    const workers = Array.from({ length: concurrency }, worker);
    if ('seconds' in mode) {
      await waitFor(mode.warmupSeconds * 1000, 50);
      stage = '';
      const window = cpuWindow();
      const t0 = performance.now();
      measuring = true;
      await waitFor(mode.seconds * 1000, 50);
      measuring = false;
      seconds = (performance.now() - t0) / 1000;
      cpu = window();
      running = false;
      await Promise.all(workers);
    } else {
      const window = cpuWindow();
      const t0 = performance.now();
      await Promise.all(workers);
      seconds = (performance.now() - t0) / 1000;
      cpu = window();
    }
  } finally {
    running = false;
    stop();
  }
  const slowest: QueryRun['slowest'] = [];
  for (const s of [...samples].sort((a, b) => b.ms - a.ms)) {
    if (slowest.length >= 10) break;
    if (!slowest.some((x) => x.text === list[s.i].text)) slowest.push({ text: list[s.i].text, ms: s.ms, hits: s.hits });
  }
  return {
    label,
    queries: latency.count,
    seconds,
    perSec: latency.count / seconds,
    latency: percentiles(latency),
    meanHits: hitsTotal / Math.max(1, latency.count),
    fullPages,
    slowest,
    byClass: [...byClass.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([cls, r]) => ({ cls, queries: r.count, latency: percentiles(r) })),
    concurrency,
    cpu,
  };
}

function queryJson(r: QueryRun | undefined) {
  if (!r) return null;
  return {
    concurrency: r.concurrency,
    queries: r.queries,
    seconds: round(r.seconds, 2),
    queries_per_sec: round(r.perSec, 1),
    latency: percentilesJson(r.latency),
    mean_hits: round(r.meanHits, 2),
    full_pages: r.fullPages,
    cpu_cores: cpuJson(r.cpu),
    postgres_cpu_ms_per_query: round((r.cpu.postgres * 1000) / r.perSec, 3),
    slowest: r.slowest.map((s) => ({ text: s.text, ms: round(s.ms, 2), hits: s.hits })),
    by_class: Object.fromEntries(r.byClass.map((c) => [c.cls, { share: round(c.queries / Math.max(1, r.queries), 3), ...percentilesJson(c.latency) }])),
  };
}

/** LIKE's wildcards taken literally, as PgSearchIndex does. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The baseline: what a team without a search index would write. */
const SCAN_USERS_SQL = `SELECT user_id::text AS user_id, username, email, phone FROM search_users
  WHERE username_lc ILIKE '%' || $1 || '%' OR email_lc ILIKE '%' || $1 || '%' OR phone_lc ILIKE '%' || $1 || '%' LIMIT ${PAGE + 1}`;
const SCAN_MESSAGES_SQL = `SELECT room, seq::text AS seq, message_id, sender_id::text AS sender_id, body, visibility, created_at FROM search_messages
  WHERE body ILIKE ALL ($1::text[]) AND (visibility = ANY($2::text[]) OR room = ANY($3::text[])) LIMIT ${PAGE + 1}`;
const OPEN = ['public', 'event'];

interface Comparison {
  kind: string;
  index: QueryRun;
  /** The same queries one at a time: what a query costs without queueing. */
  serial: QueryRun;
  scan: QueryRun;
}

const ratio = (scan: number, index: number) => scan / index;

// ---------------------------------------------------------------------------------------------
// Sizes

interface Sizes {
  tables: { table: string; docs: number; heap: number; indexes: number; total: number }[];
  indexes: { table: string; index: string; bytes: number }[];
}

async function sizes(db: Pool): Promise<Sizes> {
  const tables = await db.query<{ table: string; heap: string; indexes: string; total: string }>(
    `SELECT t AS table, pg_table_size(t::regclass)::text AS heap, pg_indexes_size(t::regclass)::text AS indexes, pg_total_relation_size(t::regclass)::text AS total
     FROM unnest(ARRAY['search_users', 'search_messages']) AS t`,
  );
  const indexes = await db.query<{ table: string; index: string; bytes: string }>(
    `SELECT i.indrelid::regclass::text AS table, c.relname AS index, pg_relation_size(c.oid)::text AS bytes
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid IN ('search_users'::regclass, 'search_messages'::regclass) ORDER BY 1 DESC, 2`,
  );
  return {
    tables: tables.rows.map((r) => ({ table: r.table, docs: r.table === 'search_users' ? settings.users : settings.messages, heap: Number(r.heap), indexes: Number(r.indexes), total: Number(r.total) })),
    indexes: indexes.rows.map((r) => ({ table: r.table, index: r.index, bytes: Number(r.bytes) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Plans of the slowest queries (auto_explain, so the plan is of PgSearchIndex's own SQL)

interface Explained {
  kind: string;
  text: string;
  underLoadMs: number;
  aloneMs: number;
  plan: string;
}

async function explainSlowest(kind: string, run: QueryRun, search: (index: PgSearchIndex, q: Query) => Promise<number>, list: Query[], notices: string[]): Promise<Explained[]> {
  if (!explainPool) return [];
  const explainIndex = new PgSearchIndex(explainPool);
  const out: Explained[] = [];
  for (const slow of run.slowest.slice(0, settings.explainSlowest)) {
    const q = list.find((x) => x.text === slow.text) ?? { text: slow.text, memberOf: [], cls: '' };
    await search(explainIndex, q); // warm
    notices.length = 0;
    const t0 = performance.now();
    await search(explainIndex, q);
    const aloneMs = performance.now() - t0;
    const plan = notices.find((n) => n.includes('plan:')) ?? '(no plan received)';
    out.push({ kind, text: slow.text, underLoadMs: slow.ms, aloneMs, plan: plan.replace(/^duration: /, 'duration ').replace(/\nQuery Text:[\s\S]*?(?=\n\S)/, '') });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(machineLine(NAME));
  log(
    `  ${fmtInt(settings.users)} users, ${fmtInt(settings.messages)} messages; ${settings.concurrency} queries in flight, ${settings.querySeconds}s per kind after ${settings.warmupSeconds}s warm-up; ` +
      `scan baseline ${settings.scanQueries} queries per kind; indexing batches of ${fmtInt(settings.indexBatch)}, ${settings.indexInFlight} in flight`,
  );
  log(`database ${databaseUrl} (create + migrate)`);
  await ensureDatabase(databaseUrl);
  await migrateUp(databaseUrl, logger);
  pool = createPgPool(databaseUrl, logger, Math.max(settings.concurrency, settings.indexInFlight));
  scanPool = new Pool({ ...pgConnection(databaseUrl), max: settings.concurrency, options: '-c enable_indexscan=off -c enable_bitmapscan=off -c enable_indexonlyscan=off' });
  scanPool.on('error', (error) => errors.add(`scan pool: ${error.message}`));
  const index = new PgSearchIndex(pool);
  const scanIndex = new PgSearchIndex(scanPool);
  const vocabulary = makeVocabulary();

  const leftovers = await removeSample(pool);
  if (leftovers > 0) log(`removed ${fmtInt(leftovers)} sample documents an interrupted run left behind`);
  const data = await prepareData(pool, index, vocabulary);
  if (interrupt.aborted) return;

  // Query lists, from the stored documents.
  const users = await userQueries(pool);
  const messages = await messageQueries(pool, vocabulary);
  const frequent = frequentQueries(vocabulary);
  const expected = new LatencyRecorder();
  for (const q of messages) expected.record(q.expectedMatches ?? NaN);
  const [e50, e90, e99] = expected.percentiles(50, 90, 99);
  const midShare = vocabulary.zipf.share(MID_MIN_RANK, VOCABULARY_SIZE);
  log(
    `query lists: ${fmtInt(users.length)} user fragments (3-8 chars, middle of username/email local part/phone), ${fmtInt(messages.length)} message queries ` +
      `(1-2 words of rank ≥ ${MID_MIN_RANK}, ${((1 - midShare) * 100).toFixed(0)} % of all words are the ${MID_MIN_RANK} more frequent ones; expected messages with the rarest word p50 ${fmtInt(e50)}, p90 ${fmtInt(e90)}, p99 ${fmtInt(e99)}), ` +
      `frequent: single words of the ${FREQUENT_MAX_RANK} most frequent (${fmtInt(documentShare(vocabulary, FREQUENT_MAX_RANK - 1) * settings.messages)}-${fmtInt(documentShare(vocabulary, 0) * settings.messages)} messages each)`,
  );

  const searchUsers = async (idx: PgSearchIndex, q: Query) => (await idx.searchUsers({ text: q.text, limit: PAGE })).items.length;
  const searchMessages = async (idx: PgSearchIndex, q: Query) => (await idx.searchMessages({ text: q.text, access: { memberOf: q.memberOf }, limit: PAGE })).items.length;
  const scanUsers = async (q: Query) => Math.min(PAGE, (await scanPool!.query(SCAN_USERS_SQL, [likeLiteral(q.text)])).rowCount ?? 0);
  const scanMessages = async (q: Query) => Math.min(PAGE, (await scanPool!.query(SCAN_MESSAGES_SQL, [q.text.split(' ').map((w) => `%${likeLiteral(w)}%`), OPEN, q.memberOf])).rowCount ?? 0);
  const timedMode = (seconds: number) => ({ seconds, warmupSeconds: settings.warmupSeconds });

  const comparisons: Comparison[] = [];
  const phase = async (kind: string, list: Query[], viaIndex: (q: Query) => Promise<number>, viaScan: (q: Query) => Promise<number>, seconds: number, scanCount: number, serialCount: number) => {
    if (interrupt.aborted) return;
    const indexRun = await closedLoop(`${kind} index`, list, viaIndex, timedMode(seconds));
    log(`  ${kind} index: ${fmtInt(indexRun.perSec)} q/s, p50 ${fmtMs(indexRun.latency.p50)} / p99 ${fmtMs(indexRun.latency.p99)} ms`);
    if (interrupt.aborted) return;
    const serialRun = await closedLoop(`${kind} index, 1 in flight`, list, viaIndex, { count: serialCount, concurrency: 1 });
    log(`  ${kind} index, 1 in flight: ${fmtInt(serialRun.perSec)} q/s, p50 ${fmtMs(serialRun.latency.p50)} / p99 ${fmtMs(serialRun.latency.p99)} ms`);
    if (interrupt.aborted) return;
    const scanRun = await closedLoop(`${kind} scan`, list, viaScan, { count: scanCount });
    log(`  ${kind} scan: ${fmtInt(scanRun.perSec)} q/s, p50 ${fmtMs(scanRun.latency.p50)} / p99 ${fmtMs(scanRun.latency.p99)} ms`);
    comparisons.push({ kind, index: indexRun, serial: serialRun, scan: scanRun });
  };
  await phase('users', users, (q) => searchUsers(index, q), scanUsers, settings.querySeconds, settings.scanQueries, settings.serialQueries);
  await phase('messages', messages, (q) => searchMessages(index, q), scanMessages, settings.querySeconds, settings.scanQueries, settings.serialQueries);
  if (settings.frequentSeconds > 0) await phase('messages, frequent word', frequent, (q) => searchMessages(index, q), scanMessages, settings.frequentSeconds, settings.frequentScanQueries, Math.min(20, settings.serialQueries));

  // Checks: the same pages as the same SQL planned without indexes.
  let checked = 0;
  let mismatched = 0;
  if (!interrupt.aborted && settings.checkQueries > 0) {
    log(`checking ${settings.checkQueries} queries per kind against the same SQL planned without indexes …`);
    const pages: [string, Query[], (idx: PgSearchIndex, q: Query) => Promise<string[]>][] = [
      ['users', users, (idx, q) => idx.searchUsers({ text: q.text, limit: PAGE }).then((p) => p.items.map((u) => u.userId))],
      ['messages', messages, (idx, q) => idx.searchMessages({ text: q.text, access: { memberOf: q.memberOf }, limit: PAGE }).then((p) => p.items.map((m) => `${m.room}#${m.seq}`))],
    ];
    for (const [kind, list, key] of pages) {
      for (const q of list.slice(0, settings.checkQueries)) {
        const [a, b] = await Promise.all([key(index, q), key(scanIndex, q)]);
        checked++;
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          mismatched++;
          errors.add(`${kind}: the index's page for ${JSON.stringify(q.text)} differs from the scan's (${a.length} vs ${b.length} hits)`);
        }
      }
    }
    log(`  ${checked - mismatched} / ${checked} pages equal`);
  }

  const sizeInfo = await sizes(pool);

  // The indexing rate on a fresh sample (every run), deleted again.
  let sampleUsers: IndexingRun | undefined;
  let sampleMessages: IndexingRun | undefined;
  let sampleVacuumSeconds: number | undefined;
  if (!interrupt.aborted && settings.sampleDocs > 0) {
    log(`indexing sample: ${fmtInt(settings.sampleDocs)} new users and messages into the same tables (deleted afterwards)`);
    sampleWritten = true;
    const userGen = new UserGenerator(SEED ^ 0xa11ce, vocabulary);
    sampleUsers = await indexAll('sample users', settings.sampleDocs, (i) => userGen.make(String(SAMPLE_USER_ID_BASE + i)), (docs: UserDocument[]) => index.indexUsers(docs));
    if (!interrupt.aborted) {
      const messageGen = new MessageGenerator(SEED ^ 0xb0b, vocabulary, sampleRooms, settings.users, settings.sampleDocs, Date.now());
      sampleMessages = await indexAll('sample messages', settings.sampleDocs, () => messageGen.make(), (docs: MessageDocument[]) => index.indexMessages(docs));
    }
    log(`  users ${fmtInt(sampleUsers.docsPerSec)} docs/s, messages ${sampleMessages ? fmtInt(sampleMessages.docsPerSec) : 'n/a'} docs/s; deleting them and VACUUM …`);
    sampleVacuumSeconds = await timed(async () => {
      await removeSample(pool!);
      await pool!.query('VACUUM search_users, search_messages');
    });
    sampleWritten = false;
    log(`  done in ${sampleVacuumSeconds.toFixed(1)} s`);
  }

  // Plans of the slowest queries, run again alone.
  const explained: Explained[] = [];
  if (!interrupt.aborted && settings.explainSlowest > 0) {
    const notices: string[] = [];
    explainPool = new Pool({
      ...pgConnection(databaseUrl),
      max: 1,
      options: '-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c auto_explain.log_level=notice',
    });
    explainPool.on('connect', (client) => client.on('notice', (msg) => notices.push(msg.message ?? '')));
    try {
      for (const c of comparisons) {
        const list = c.kind === 'users' ? users : c.kind === 'messages' ? messages : frequent;
        explained.push(...(await explainSlowest(c.kind, c.index, c.kind === 'users' ? searchUsers : searchMessages, list, notices)));
      }
    } catch (error) {
      log(`(no plans: auto_explain could not be loaded: ${(error as Error).message})`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Report

  const byKind = (kind: string) => comparisons.find((c) => c.kind === kind);
  const goalRows: string[][] = [];
  const goals: Record<string, unknown> = {};
  let allMet = true;
  for (const kind of ['users', 'messages']) {
    const c = byKind(kind);
    const p99Met = !!c && c.index.latency.p99 <= GOAL_P99_MS;
    const r99 = c ? ratio(c.scan.latency.p99, c.index.latency.p99) : NaN;
    const r50 = c ? ratio(c.scan.latency.p50, c.index.latency.p50) : NaN;
    const ratioMet = Number.isFinite(r99) && r99 >= GOAL_RATIO;
    allMet &&= p99Met && ratioMet;
    goals[kind] = { p99_ms: c ? round(c.index.latency.p99, 3) : null, p99_met: p99Met, ratio_p99: round(r99, 2), ratio_p50: round(r50, 2), ratio_met: ratioMet };
    goalRows.push([`${kind}: index p99 ≤ ${GOAL_P99_MS} ms`, c ? `${fmtMs(c.index.latency.p99)} ms` : 'n/a', p99Met ? 'met' : 'NOT MET']);
    goalRows.push([`${kind}: scan p99 / index p99 ≥ ${GOAL_RATIO}× (p50 ratio)`, `${fmtRatio(r99)} (${fmtRatio(r50)})`, ratioMet ? 'met' : 'NOT MET']);
  }
  const freq = byKind('messages, frequent word');
  if (freq) goalRows.push(['(info) frequent word: index p99, scan p99 / index p99', `${fmtMs(freq.index.latency.p99)} ms, ${fmtRatio(ratio(freq.scan.latency.p99, freq.index.latency.p99))}`, '–']);

  log('');
  log(pressureLine());
  log(`data: ${data.reused ? `reused (generated ${data.meta.generated_at})` : 'generated this run'}`);
  const idxRow = (label: string, r: IndexingRun | undefined) =>
    r ? [label, fmtInt(r.docs), r.seconds.toFixed(1), fmtInt(r.docsPerSec), fmtMs(r.batch.p50, 0), fmtMs(r.batch.p99, 0), r.buildSeconds.toFixed(1), cpuText(r.cpu)] : [label, 'n/a', '', '', '', '', '', ''];
  const stored = data.meta.generation;
  const storedRow = (label: string, r: ReturnType<typeof indexingJson>) =>
    r ? [label, fmtInt(r.docs), String(r.seconds), fmtInt(r.docs_per_sec ?? NaN), fmtMs(r.batch_latency.p50_ms ?? NaN, 0), fmtMs(r.batch_latency.p99_ms ?? NaN, 0), String(r.build_seconds), `pg ${r.cpu_cores.postgres}, bench ${r.cpu_cores.bench}, others ${r.cpu_cores.others}`] : [label, 'n/a', '', '', '', '', '', ''];
  printTable(['indexing (PgSearchIndex.index*)', 'docs', 'seconds', 'docs/s', 'batch p50 ms', 'batch p99', 'build s', 'CPU (cores)'], [
    ...(data.generation
      ? [idxRow('users, generation (empty table → full)', data.generation.users), idxRow('messages, generation (empty table → full)', data.generation.messages)]
      : [storedRow(`users, generation (earlier run)`, stored.users), storedRow(`messages, generation (earlier run)`, stored.messages)]),
    idxRow(`users, sample into the full table`, sampleUsers),
    idxRow(`messages, sample into the full table`, sampleMessages),
  ]);
  const qRow = (label: string, r: QueryRun) => [
    label,
    fmtInt(r.queries),
    fmtInt(r.perSec),
    fmtMs(r.latency.p50),
    fmtMs(r.latency.p90),
    fmtMs(r.latency.p99),
    fmtMs(r.latency.max),
    r.meanHits.toFixed(1),
    cpuText(r.cpu),
    fmtMs((r.cpu.postgres * 1000) / r.perSec, 2),
  ];
  printTable(
    [`queries (${settings.concurrency} in flight)`, 'queries', 'q/s', 'p50 ms', 'p90', 'p99', 'max', 'hits', 'CPU (cores)', 'pg CPU ms/q'],
    comparisons.flatMap((c) => [qRow(`${c.kind}: index (PgSearchIndex)`, c.index), qRow(`${c.kind}: scan (ILIKE, seq scan)`, c.scan), qRow(`  (info) index, 1 in flight`, c.serial)]),
  );
  printTable(
    ['relation', 'docs', 'size', 'bytes/doc'],
    [
      ...sizeInfo.tables.flatMap((t) => [
        [`${t.table} (table, with TOAST)`, fmtInt(t.docs), fmtMiB(t.heap), fmtInt(t.heap / t.docs)],
        [`${t.table} indexes`, '', fmtMiB(t.indexes), fmtInt(t.indexes / t.docs)],
        [`${t.table} total`, '', fmtMiB(t.total), fmtInt(t.total / t.docs)],
      ]),
      ...sizeInfo.indexes.map((i) => [`  ${i.index}`, '', fmtMiB(i.bytes), fmtInt(i.bytes / (i.table === 'search_users' ? settings.users : settings.messages))]),
    ],
  );
  const classRows: string[][] = [];
  for (const c of comparisons) {
    for (const k of c.index.byClass) {
      const one = c.serial.byClass.find((x) => x.cls === k.cls);
      classRows.push([
        `${c.kind}: ${k.cls}`,
        `${((100 * k.queries) / Math.max(1, c.index.queries)).toFixed(0)} %`,
        fmtMs(k.latency.p50),
        fmtMs(k.latency.p99),
        fmtMs(k.latency.max),
        one ? fmtMs(one.latency.p50) : 'n/a',
        one ? fmtMs(one.latency.p99) : 'n/a',
        one ? fmtMs(one.latency.max) : 'n/a',
      ]);
    }
  }
  printTable([`index latency by query class`, 'share', `p50 ms (${settings.concurrency} in flight)`, 'p99', 'max', 'p50 ms (1 in flight)', 'p99', 'max'], classRows);
  printTable(['goal', 'value', ''], goalRows);
  for (const kind of ['users', 'messages']) {
    const c = byKind(kind);
    if (!c) continue;
    log(`slowest ${kind} queries under load: ${c.index.slowest.slice(0, 5).map((s) => `${JSON.stringify(s.text)} ${fmtMs(s.ms, 1)} ms (${s.hits} hits)`).join(', ')}`);
  }
  if (explained.length > 0) {
    log('');
    log('plans of the slowest queries, run again alone (auto_explain: EXPLAIN ANALYZE, BUFFERS of PgSearchIndex\'s SQL):');
    for (const e of explained) {
      log(`--- ${e.kind} ${JSON.stringify(e.text)}: ${fmtMs(e.underLoadMs, 1)} ms under load, ${fmtMs(e.aloneMs, 1)} ms alone (round trip with EXPLAIN ANALYZE's timing; "duration": the executor)`);
      log(e.plan.split('\n').map((l) => `    ${l}`).join('\n'));
    }
  }
  if (!interrupt.aborted) log(`goal met: ${allMet ? 'yes' : 'no'} (p99 ≤ ${GOAL_P99_MS} ms and ≥ ${GOAL_RATIO}× the scan's p99, users and messages)`);

  writeResults(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    ...machineInfo(),
    database: databaseUrl.replace(/\/\/[^@/]*@/, '//'),
    settings: {
      users: settings.users,
      messages: settings.messages,
      concurrency: settings.concurrency,
      query_seconds: settings.querySeconds,
      warmup_seconds: settings.warmupSeconds,
      scan_queries: settings.scanQueries,
      frequent_seconds: settings.frequentSeconds,
      frequent_scan_queries: settings.frequentScanQueries,
      query_list: settings.queryList,
      index_batch: settings.indexBatch,
      index_in_flight: settings.indexInFlight,
      sample_docs: settings.sampleDocs,
      serial_queries: settings.serialQueries,
      check_queries: settings.checkQueries,
      page: PAGE,
    },
    data: {
      reused: data.reused,
      generated_at: data.meta.generated_at,
      version: DATA_VERSION,
      seed: SEED,
      vocabulary: VOCABULARY_SIZE,
      zipf_exponent: ZIPF_EXPONENT,
      message_words: MESSAGE_WORDS,
      rooms: ROOMS,
      mid_min_rank: MID_MIN_RANK,
      frequent_max_rank: FREQUENT_MAX_RANK,
      message_query_expected_matches: { p50: round(e50, 0), p90: round(e90, 0), p99: round(e99, 0) },
    },
    indexing: {
      generation: data.generation
        ? { this_run: true, users: indexingJson(data.generation.users), messages: indexingJson(data.generation.messages), vacuum_analyze_seconds: round(data.generation.vacuumSeconds, 2) }
        : { this_run: false, ...stored },
      sample: { users: indexingJson(sampleUsers), messages: indexingJson(sampleMessages), delete_and_vacuum_seconds: round(sampleVacuumSeconds ?? NaN, 2) },
    },
    queries: Object.fromEntries(
      comparisons.map((c) => [
        c.kind === 'messages, frequent word' ? 'messages_frequent' : c.kind,
        { index: queryJson(c.index), index_one_in_flight: queryJson(c.serial), scan: queryJson(c.scan), ratio_p50: round(ratio(c.scan.latency.p50, c.index.latency.p50), 2), ratio_p99: round(ratio(c.scan.latency.p99, c.index.latency.p99), 2) },
      ]),
    ),
    sizes: {
      tables: sizeInfo.tables.map((t) => ({ table: t.table, table_mib: round(t.heap / 1048576, 1), indexes_mib: round(t.indexes / 1048576, 1), total_mib: round(t.total / 1048576, 1) })),
      indexes: sizeInfo.indexes.map((i) => ({ table: i.table, index: i.index, mib: round(i.bytes / 1048576, 1) })),
    },
    checks: { pages_compared: checked, mismatched },
    slow_plans: explained.map((e) => ({ kind: e.kind, text: e.text, under_load_ms: round(e.underLoadMs, 2), alone_ms: round(e.aloneMs, 2), plan: e.plan })),
    goal: { p99_ms: GOAL_P99_MS, min_ratio: GOAL_RATIO, ...goals, met: allMet },
    errors: errors.total,
  });
}

runBenchmark({
  errors,
  body: main,
  cleanup: async () => {
    let ok = true;
    if (sampleWritten && pool) {
      await removeSample(pool).catch((error: Error) => {
        ok = false;
        process.stderr.write(`cleanup: could not delete the sample documents: ${error.message}\n`);
      });
    }
    for (const p of [explainPool, scanPool, pool]) await p?.end().catch(() => undefined);
    return ok;
  },
});

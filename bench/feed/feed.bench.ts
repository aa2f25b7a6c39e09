/**
 * Benchmark: the live newsfeed's fan-out, and the paged feed of someone who follows many.
 *
 *   npm run bench:feed
 *
 * 1. Fan-out: one author with FOLLOWERS (100,000) followers, of whom STREAMS (2,000) hold SSE
 *    streams (`GET /v1/feed/stream?token=`) on the edge. The author posts POSTS (20) times
 *    (`POST /v1/posts` on the edge, t0 before the request), first POST_INTERVAL_MS (250) apart,
 *    then, on fresh streams, back to back: p50/p99 from t0 to the event at every stream, and
 *    deliveries/s (events received ÷ first t0 → last event). Beside it, in the same run with the
 *    same client and the same two phases: a bare node:http SSE server
 *    (bench/support/bare-sse-server.ts) writing the same events to as many streams. Goal: ≥ 0.8×
 *    the bare server's deliveries/s back to back, p99 ≤ 1 s at the paced rate.
 * 2. The paged feed of a reader following FOLLOWING (5,000) authors with POSTS_PER_AUTHOR (4)
 *    posts each: PAGE_QUERIES (300) `GET /v1/feed?limit=20` on the core, one at a time, the
 *    first page and the pages after it in turn. Goal: p99 ≤ 50 ms.
 *
 * The platform runs in child processes (auth + ws-consumer, ws-producer), database
 * `realtime_bench_<hex>` of its own, a fresh NAME_PREFIX; users and follows are inserted
 * straight into PostgreSQL and their tokens minted with the run's JWT secret. Writes
 * bench/results/feed.json; exits non-zero on errors (a stream refused, an event missing).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { loadAuthConfig } from '../../auth/index';
import { BenchPlatform } from '../support/bench-platform';
import type { BenchChild } from '../support/bench-child';
import { insertUsers, tokenMinter } from '../support/bench-users';
import {
  ErrorTally,
  fmtInt,
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
  sleep,
  writeResults,
} from '../support/bench-kit';
import { percentiles, percentilesJson, type Percentiles } from '../support/load-driver';

const NAME = 'feed';
const GOAL_RATIO = 0.8;
const GOAL_P99_MS = 1_000;
const GOAL_PAGE_P99_MS = 50;

const settings = {
  followers: Math.floor(numberFromEnv('FOLLOWERS', 100_000, 1, 10_000_000)),
  streams: Math.floor(numberFromEnv('STREAMS', 2_000, 1, 50_000)),
  posts: Math.floor(numberFromEnv('POSTS', 20, 1, 10_000)),
  postIntervalMs: numberFromEnv('POST_INTERVAL_MS', 250, 0, 60_000),
  following: Math.floor(numberFromEnv('FOLLOWING', 5_000, 1, 100_000)),
  postsPerAuthor: Math.floor(numberFromEnv('POSTS_PER_AUTHOR', 4, 1, 1_000)),
  pageQueries: Math.floor(numberFromEnv('PAGE_QUERIES', 300, 1, 100_000)),
  eventTimeoutMs: numberFromEnv('EVENT_TIMEOUT_MS', 15_000, 1_000, 600_000),
};

/** One SSE stream of the load client: counts the `post` events and when each arrived, by the post id in its data. */
class SseStream {
  private buffer = '';
  ready = false;
  /** Set when the run is over: the streams' sockets are destroyed then, which is no error. */
  static closing = false;

  private constructor(private readonly onEvent: (postId: string, at: number) => void) {}

  static open(agent: Agent, port: number, path: string, onEvent: (postId: string, at: number) => void, errors: ErrorTally): Promise<SseStream> {
    const stream = new SseStream(onEvent);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`stream ${path.split('?')[0]} answered ${res.statusCode}`));
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => stream.read(chunk));
        res.on('error', (error) => {
          if (!SseStream.closing) errors.add(`stream failed: ${error.message}`);
        });
        resolve(stream);
      });
      req.on('error', reject);
      req.end();
    });
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.ready = true;
      if (!block.includes('event: post')) continue;
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (data) this.onEvent((JSON.parse(data.slice(6)) as { id: string }).id, performance.now());
    }
  }
}

interface FanoutResult {
  label: string;
  streams: number;
  posts: number;
  events: number;
  missing: number;
  deliveriesPerSec: number;
  latency: Percentiles;
  cpu: Record<string, number>;
}

/**
 * Opens `streams` SSE streams, then makes `posts` posts with `publish` (which answers the post's
 * id) and measures t0 → event at every stream. `warmUp` is one post first, not counted, which
 * also tells when every stream is live.
 */
async function fanout(label: string, intervalMs: number, port: number, streamPath: (i: number) => string, publish: () => Promise<string>, probes: BenchChild[], errors: ErrorTally): Promise<FanoutResult> {
  const agent = new Agent({ keepAlive: false, maxSockets: settings.streams + 10 });
  const arrivals = new Map<string, number[]>();
  const onEvent = (postId: string, at: number) => {
    const list = arrivals.get(postId);
    if (list) list.push(at);
    else arrivals.set(postId, [at]);
  };
  const streams: SseStream[] = [];
  for (let i = 0; i < settings.streams; i += 100) {
    streams.push(...(await Promise.all(Array.from({ length: Math.min(100, settings.streams - i) }, (_, k) => SseStream.open(agent, port, streamPath(i + k), onEvent, errors)))));
  }
  // Every stream live: a warm-up post reached all of them.
  const warm = await publish();
  const warmUntil = performance.now() + settings.eventTimeoutMs;
  while ((arrivals.get(warm)?.length ?? 0) < settings.streams && performance.now() < warmUntil && !interrupt.aborted) await sleep(20);
  if ((arrivals.get(warm)?.length ?? 0) < settings.streams) errors.add(`${label}: the warm-up post reached ${arrivals.get(warm)?.length ?? 0} of ${settings.streams} streams`);
  log(`[${label}] ${fmtInt(streams.length)} streams open and live`);

  const sent = new Map<string, number>();
  const cpuBefore = { machine: machineTicks(), children: await Promise.all(probes.map((p) => p.cpu())) };
  const started = performance.now();
  const stop = progress(`[${label}]`, () => `${sent.size}/${settings.posts} posts, ${fmtInt([...sent.keys()].reduce((n, id) => n + (arrivals.get(id)?.length ?? 0), 0))} events`);
  try {
    for (let p = 0; p < settings.posts && !interrupt.aborted; p++) {
      const t0 = performance.now();
      sent.set(await publish(), t0);
      await sleep(Math.max(0, intervalMs - (performance.now() - t0)));
    }
    const until = performance.now() + settings.eventTimeoutMs;
    const received = () => [...sent.keys()].reduce((n, id) => n + (arrivals.get(id)?.length ?? 0), 0);
    while (received() < sent.size * settings.streams && performance.now() < until && !interrupt.aborted) await sleep(20);
  } finally {
    stop();
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu: Record<string, number> = {};
  const childrenAfter = await Promise.all(probes.map((p) => p.cpu()));
  probes.forEach((probe, i) => (cpu[probe.name] = (childrenAfter[i].user + childrenAfter[i].system - cpuBefore.children[i].user - cpuBefore.children[i].system) / 1e6 / elapsed));
  cpu.machine = machineCores(cpuBefore.machine, machineTicks());
  SseStream.closing = true;
  agent.destroy();
  await sleep(100);
  SseStream.closing = false;

  const latency = new LatencyRecorder();
  let events = 0;
  let last = started;
  for (const [id, t0] of sent) {
    for (const at of arrivals.get(id) ?? []) {
      latency.record(at - t0);
      last = Math.max(last, at);
      events++;
    }
  }
  const missing = sent.size * settings.streams - events;
  if (missing > 0) errors.add(`${label}: ${fmtInt(missing)} events missing`);
  const firstT0 = Math.min(...sent.values());
  return { label, streams: settings.streams, posts: sent.size, events, missing, deliveriesPerSec: events / ((last - firstT0) / 1000), latency: percentiles(latency), cpu };
}

async function postJson(port: number, path: string, token: string | undefined, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** `PAGE_QUERIES` feed pages read one at a time: the first page, then each next page in turn, from the start again at the end. */
async function pages(port: number, token: string): Promise<{ latency: Percentiles; items: number }> {
  const latency = new LatencyRecorder();
  let cursor: string | undefined;
  let items = 0;
  for (let q = 0; q < settings.pageQueries && !interrupt.aborted; q++) {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/v1/feed?limit=20${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await res.json()) as { items: unknown[]; next_cursor?: string };
    latency.record(performance.now() - t0);
    if (res.status !== 200) throw new Error(`GET /v1/feed answered ${res.status}`);
    items += page.items.length;
    cursor = page.next_cursor;
  }
  return { latency: percentiles(latency), items };
}

const platform = new BenchPlatform();
const errors = new ErrorTally();
let pool: Pool | undefined;

async function main(): Promise<void> {
  log(machineLine(NAME));
  log(`  ${fmtInt(settings.followers)} followers, ${fmtInt(settings.streams)} SSE streams, ${settings.posts} posts ${settings.postIntervalMs} ms apart; feed pages of a reader following ${fmtInt(settings.following)} authors`);
  await platform.startCore();
  const edge = await platform.startEdge();
  const core = platform.core as BenchChild;
  const edgePort = Number(edge.info.producerHttpPort);
  const corePort = Number(core.info.consumerHttpPort);

  pool = new Pool({ ...pgConnection(platform.databaseUrl), max: 4 });
  const t = performance.now();
  // Users: 0 the author, 1 the reader, then the followers, then the authors the reader follows.
  const users = await insertUsers(pool, platform.userPrefix, 2 + settings.followers + settings.following);
  const followers = users.ids.slice(2, 2 + settings.followers);
  const authors = users.ids.slice(2 + settings.followers);
  await pool.query('INSERT INTO follows (follower_id, followee_id) SELECT unnest($1::bigint[]), $2', [followers, users.ids[0]]);
  await pool.query('INSERT INTO follows (follower_id, followee_id) SELECT $1, unnest($2::bigint[])', [users.ids[1], authors]);
  await pool.query(
    `INSERT INTO posts (id, author_id, body, created_at)
     SELECT gen_random_uuid(), a, 'bench post ' || n, now() - (n || ' seconds')::interval FROM unnest($1::bigint[]) AS a, generate_series(1, $2::int) AS n ORDER BY n DESC, a`,
    [authors, settings.postsPerAuthor],
  );
  await pool.query('ANALYZE follows; ANALYZE posts');
  const authConfig = loadAuthConfig(platform.env() as Record<string, string | undefined>);
  const mint = tokenMinter(platform.secret, authConfig.JWT_ISSUER, authConfig.JWT_AUDIENCE, users);
  const authorToken = mint(0);
  const streamTokens = Array.from({ length: settings.streams }, (_, i) => mint(2 + i));
  log(`${fmtInt(users.ids.length)} users, ${fmtInt(followers.length + authors.length)} follows, ${fmtInt(authors.length * settings.postsPerAuthor)} posts inserted, ${fmtInt(streamTokens.length + 2)} tokens minted in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const body = 'x'.repeat(120);
  const platformPost = async () => {
    const res = await postJson(edgePort, '/v1/posts', authorToken, { body, image_urls: ['https://example.com/bench.jpg'] });
    if (res.status !== 202) throw new Error(`POST /v1/posts answered ${res.status} ${JSON.stringify(res.json)}`);
    return String(res.json.post_id);
  };
  const platformStream = (i: number) => `/v1/feed/stream?token=${streamTokens[i]}`;
  // Paced (POST_INTERVAL_MS apart) for the latency goal; back to back for deliveries/s.
  const platformPaced = await fanout('platform SSE, paced', settings.postIntervalMs, edgePort, platformStream, platformPost, [edge, core], errors);
  const platformRun = interrupt.aborted ? platformPaced : await fanout('platform SSE, burst', 0, edgePort, platformStream, platformPost, [edge, core], errors);

  const bare = await platform.startChild('bare-sse', 'bare-sse-server', { ...process.env });
  const barePort = Number(bare.info.port);
  const sample = { description: body, created_at: new Date().toISOString(), user: { id: users.ids[0], username: users.usernames[0] }, is_liked: false, image_urls: ['https://example.com/bench.jpg'], likes_count: 0 };
  const barePost = async () => {
    const id = randomUUID();
    const res = await postJson(barePort, '/publish', undefined, { id, ...sample });
    if (res.status !== 204) throw new Error(`bare publish answered ${res.status}`);
    return id;
  };
  const barePaced = interrupt.aborted ? undefined : await fanout('bare SSE, paced', settings.postIntervalMs, barePort, () => '/stream', barePost, [bare], errors);
  const bareRun = interrupt.aborted ? undefined : await fanout('bare SSE, burst', 0, barePort, () => '/stream', barePost, [bare], errors);

  const feedPages = interrupt.aborted ? undefined : await pages(corePort, mint(1));

  const ratio = bareRun ? platformRun.deliveriesPerSec / bareRun.deliveriesPerSec : NaN;
  const ratioMet = ratio >= GOAL_RATIO;
  const p99Met = platformPaced.latency.p99 <= GOAL_P99_MS;
  const pageMet = (feedPages?.latency.p99 ?? Infinity) <= GOAL_PAGE_P99_MS;
  log('');
  log(pressureLine());
  const cpuText = (cpu: Record<string, number>) => Object.entries(cpu).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
  const row = (r: FanoutResult) => [r.label, fmtInt(r.streams), String(r.posts), fmtInt(r.events), fmtInt(r.missing), fmtInt(r.deliveriesPerSec), fmtMs(r.latency.p50), fmtMs(r.latency.p90), fmtMs(r.latency.p99), fmtMs(r.latency.max), cpuText(r.cpu)];
  printTable(['fan-out', 'streams', 'posts', 'events', 'missing', 'deliveries/s', 'p50 ms', 'p90', 'p99', 'max', 'CPU (cores)'], [row(platformPaced), row(platformRun), ...(barePaced ? [row(barePaced)] : []), ...(bareRun ? [row(bareRun)] : [])]);
  printTable(
    ['figure', 'value'],
    [
      ['platform deliveries/s, posts back to back (post → event at every stream)', fmtInt(platformRun.deliveriesPerSec)],
      ['bare node:http SSE deliveries/s, same posts (same run)', bareRun ? fmtInt(bareRun.deliveriesPerSec) : 'n/a'],
      ['ratio platform / bare', fmtRatio(ratio)],
      [`platform p99 post → event, posts ${settings.postIntervalMs} ms apart; back to back`, `${fmtMs(platformPaced.latency.p99)} ms; ${fmtMs(platformRun.latency.p99)} ms`],
      [`bare p99, posts ${settings.postIntervalMs} ms apart; back to back`, barePaced && bareRun ? `${fmtMs(barePaced.latency.p99)} ms; ${fmtMs(bareRun.latency.p99)} ms` : 'n/a'],
      [`feed page p50 / p99, reader following ${fmtInt(settings.following)}`, feedPages ? `${fmtMs(feedPages.latency.p50)} / ${fmtMs(feedPages.latency.p99)} ms` : 'n/a'],
      [`goal ≥ ${GOAL_RATIO}× bare deliveries/s`, ratioMet ? 'MET' : 'NOT MET'],
      [`goal p99 ≤ ${GOAL_P99_MS} ms`, p99Met ? 'MET' : 'NOT MET'],
      [`goal feed page p99 ≤ ${GOAL_PAGE_P99_MS} ms`, pageMet ? 'MET' : 'NOT MET'],
    ],
  );
  log(`goal met: ${ratioMet && p99Met ? 'yes' : 'no'} (deliveries/s ${fmtRatio(ratio)} the bare server's, goal ≥ ${GOAL_RATIO}×; p99 ${fmtMs(platformPaced.latency.p99)} ms at a post every ${settings.postIntervalMs} ms, goal ≤ ${GOAL_P99_MS} ms)`);
  log(`goal met: ${pageMet ? 'yes' : 'no'} (feed page p99 ${fmtMs(feedPages?.latency.p99 ?? NaN)} ms, goal ≤ ${GOAL_PAGE_P99_MS} ms)`);

  const json = (r: FanoutResult | undefined) =>
    r && { streams: r.streams, posts: r.posts, events: r.events, missing: r.missing, deliveries_per_sec: round(r.deliveriesPerSec, 1), latency: percentilesJson(r.latency), cpu_cores: Object.fromEntries(Object.entries(r.cpu).map(([k, v]) => [k, round(v, 3)])) };
  writeResults(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    ...machineInfo(),
    settings,
    platform: { paced: json(platformPaced), burst: json(platformRun) },
    baseline: { paced: json(barePaced), burst: json(bareRun) },
    ratio: round(ratio, 3),
    feed_page: feedPages ? { queries: settings.pageQueries, items: feedPages.items, latency: percentilesJson(feedPages.latency) } : null,
    goal: { min_ratio: GOAL_RATIO, p99_ms: GOAL_P99_MS, page_p99_ms: GOAL_PAGE_P99_MS, ratio_met: ratioMet, p99_met: p99Met, page_met: pageMet },
    errors: errors.total,
  });
}

runBenchmark({
  errors,
  body: main,
  cleanup: async () => {
    await pool?.end().catch(() => undefined);
    return platform.stop();
  },
});

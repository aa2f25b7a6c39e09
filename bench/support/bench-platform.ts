/**
 * The platform for a benchmark, in child processes (see bench-child.ts): a "core" child with
 * auth + ws-consumer, and an "edge" child with ws-producer alone, so the edge's memory and CPU can
 * be read apart from everything else. All of them share one fresh NAME_PREFIX `bench_<hex>_`
 * (streams, consumers, subjects, Redis keys), take free ports ('0'), and use the database
 * `realtime_bench_<run>` (created and migrated first, dropped at the end: every run starts from
 * empty tables, as a fresh deployment does; reusing one database left each run's deleted rows to
 * the next, which then measured PostgreSQL vacuuming or re-using those pages). `cleanup()` deletes
 * what the run left: the prefixed JetStream streams and Redis keys, and the database (with
 * BENCH_DATABASE_URL set, that database is kept and only the run's rooms and users are deleted). Benchmarks that compare the edge with a bare `ws` server start that
 * too (bare-ws-server.ts, a third child), so that `stop()` stops every child. Other layouts
 * (bench/booking: auth, ticketing, core and edge each alone, and a bare HTTP server) start their
 * children with `startServices` / `startChild`, which `stop()` stops first, latest first.
 */
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { createLogger } from '#kernel/logging/logger';
import { ensureDatabase } from '#kernel/pg/ensure-database';
import { migrateUp } from '#kernel/pg/migrate';
import { pgConnection } from '#kernel/pg/pg-pool';
import { BenchChild } from './bench-child';
import { log, servers } from './bench-kit';
import { deleteRedisKeys } from './redis-keys';

export interface BenchUser {
  id: string;
  username: string;
  token: string;
}

async function postJson(url: string, body: object, token?: string): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

export class BenchPlatform {
  readonly runId = randomBytes(4).toString('hex');
  /** NAME_PREFIX: JetStream streams, consumers, subjects, Redis keys. */
  readonly prefix = `bench_${this.runId}_`;
  /** Rooms and users this run creates start with these (room names allow no `_` first, no upper case). */
  readonly roomPrefix = `bench-${this.runId}-`;
  readonly userPrefix = `bench_${this.runId}_`;
  readonly secret = randomBytes(32).toString('hex');
  /** The run's own database, unless BENCH_DATABASE_URL names one to share. */
  readonly databaseUrl = process.env.BENCH_DATABASE_URL ?? `postgres://127.0.0.1:5432/realtime_bench_${this.runId}`;
  private readonly ownDatabase = !process.env.BENCH_DATABASE_URL;
  core: BenchChild | undefined;
  edge: BenchChild | undefined;
  bare: BenchChild | undefined;
  /** Children started with startServices / startChild, in start order. */
  readonly children: BenchChild[] = [];
  private users = 0;
  private rooms = 0;

  /** `cpuProfDir`: write a V8 CPU profile of each child into this folder (default BENCH_CPU_PROF). */
  constructor(private readonly options: { cpuProfDir?: string } = { cpuProfDir: process.env.BENCH_CPU_PROF || undefined }) {}

  get authUrl(): string {
    return `http://127.0.0.1:${this.core?.info.authHttpPort}`;
  }

  get coreUrl(): string {
    return `http://127.0.0.1:${this.core?.info.consumerHttpPort}`;
  }

  get edgeWsUrl(): string {
    return `ws://127.0.0.1:${this.edge?.info.producerHttpPort}/v1/ws`;
  }

  get bareWsUrl(): string {
    return `ws://127.0.0.1:${this.bare?.info.port}/v1/ws`;
  }

  env(extra: Record<string, string> = {}): Record<string, string | undefined> {
    return {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: servers.redisUrl,
      NATS_URL: servers.natsUrl,
      NAME_PREFIX: this.prefix,
      LOG_LEVEL: servers.logLevel,
      JWT_SECRET: this.secret,
      JWT_PRIVATE_KEY: '', // HS256 with JWT_SECRET, whatever the shell has set
      JWT_PUBLIC_KEY: '',
      ACCESS_TOKEN_TTL: '2h', // no token expires during a run (the edge closes expired sockets with 4010)
      PASSWORD_SCRYPT_LOG_N: '10', // the bench users' passwords need no strength; start-up is faster
      LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
      AUTH_HTTP_PORT: '0',
      AUTH_GRPC_PORT: '0',
      CONSUMER_HTTP_PORT: '0',
      PRODUCER_HTTP_PORT: '0',
      PRODUCER_GRPC_PORT: '0',
      TICKETING_HTTP_PORT: '0',
      ...extra,
    };
  }

  /** Creates and migrates the run's database. */
  async prepareDatabase(): Promise<void> {
    log(`database ${this.databaseUrl} (create + migrate), NAME_PREFIX ${this.prefix}`);
    await ensureDatabase(this.databaseUrl);
    await migrateUp(this.databaseUrl, createLogger('bench', 'warn'));
  }

  /** Creates and migrates the database, then starts the core child (auth + ws-consumer). */
  async startCore(extra: Record<string, string> = {}): Promise<void> {
    await this.prepareDatabase();
    this.core = await BenchChild.fork('service-process', { name: 'core', args: ['auth,consumer'], env: this.env(extra), cpuProfDir: this.options.cpuProfDir });
    log(`core child (auth + ws-consumer) pid ${this.core.pid}: auth HTTP ${this.core.info.authHttpPort}, gRPC ${this.core.info.authGrpcPort}; ws-consumer HTTP ${this.core.info.consumerHttpPort}`);
  }

  /** Starts the edge child (ws-producer alone) against the core's auth. */
  async startEdge(extra: Record<string, string> = {}): Promise<BenchChild> {
    if (!this.core) throw new Error('start the core first');
    this.edge = await BenchChild.fork('service-process', {
      name: 'edge',
      args: ['producer'],
      env: this.env({ AUTH_GRPC_URL: `127.0.0.1:${this.core.info.authGrpcPort}`, ...extra }),
      cpuProfDir: this.options.cpuProfDir,
    });
    log(`edge child (ws-producer) pid ${this.edge.pid}: ${this.edgeWsUrl}${Object.keys(extra).length ? ` with ${Object.entries(extra).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`);
    return this.edge;
  }

  /**
   * Starts a child running `services` (service-process.ts: `auth`, `ticketing`, `consumer`,
   * `producer`) with the platform's environment and `extra`; stop() stops it.
   */
  async startServices(name: string, services: string[], extra: Record<string, string> = {}): Promise<BenchChild> {
    const child = await BenchChild.fork('service-process', { name, args: [services.join(',')], env: this.env(extra), cpuProfDir: this.options.cpuProfDir });
    this.children.push(child);
    return child;
  }

  /** Starts another entry of bench/support (a baseline server) with `env`; stop() stops it. */
  async startChild(name: string, entry: string, env: Record<string, string | undefined>): Promise<BenchChild> {
    const child = await BenchChild.fork(entry, { name, env, cpuProfDir: this.options.cpuProfDir });
    this.children.push(child);
    return child;
  }

  /** Starts the bare ws server, which sends messages as the user `senderId`. */
  async startBare(senderId: string): Promise<BenchChild> {
    this.bare = await BenchChild.fork('bare-ws-server', { name: 'bare-ws', env: { ...process.env, BARE_SENDER_ID: senderId }, cpuProfDir: this.options.cpuProfDir });
    return this.bare;
  }

  /** Registers a user over auth's HTTP API and logs in. */
  async user(): Promise<BenchUser> {
    const username = `${this.userPrefix}${++this.users}`;
    const password = randomBytes(12).toString('base64url');
    const registered = await postJson(`${this.authUrl}/v1/auth/register`, { username, email: `${username}@bench.invalid`, password });
    if (registered.status !== 201 && registered.status !== 200) throw new Error(`register failed: ${registered.status} ${registered.text}`);
    const login = await postJson(`${this.authUrl}/v1/auth/login`, { username, password });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
    return { id: String(registered.json.user.id), username, token: login.json.access_token };
  }

  /** Creates a public room through ws-consumer's HTTP API. */
  async room(token: string): Promise<string> {
    const name = `${this.roomPrefix}r${++this.rooms}`;
    const res = await postJson(`${this.coreUrl}/v1/rooms`, { name, visibility: 'public' }, token);
    if (res.status !== 201) throw new Error(`room create failed: ${res.status} ${res.text}`);
    return name;
  }

  /**
   * Stops the children (those of startServices/startChild, latest first, then bare ws, edge,
   * core), runs `beforeCleanup` (a benchmark's own rows in a shared database), then deletes what
   * the run left behind. Never throws.
   */
  async stop(beforeCleanup?: () => Promise<void>): Promise<boolean> {
    let clean = true;
    for (const child of [...this.children.splice(0).reverse(), this.bare, this.edge, this.core]) {
      await child?.stop().catch((error: unknown) => {
        clean = false;
        process.stderr.write(`stopping ${child.name} failed: ${String(error)}\n`);
      });
    }
    this.bare = this.edge = this.core = undefined;
    if (beforeCleanup) {
      await beforeCleanup().catch((error: unknown) => {
        clean = false;
        process.stderr.write(`cleanup failed: ${String(error)}\n`);
      });
    }
    return (await this.cleanup()) && clean;
  }

  /** Deletes the run's JetStream streams, Redis keys and database (or its rooms, with their messages, and users). */
  async cleanup(extraStreamsPrefix?: string): Promise<boolean> {
    let ok = true;
    const fail = (what: string) => (error: unknown) => {
      ok = false;
      process.stderr.write(`cleanup: ${what} failed: ${String(error)}\n`);
      return -1;
    };
    const [streams, keys, rows] = await Promise.all([
      deleteStreams(extraStreamsPrefix ?? this.prefix).catch(fail('deleting streams')),
      // BullMQ (ticketing's queues) names its keys bull:<queue>, and the queues take the prefix.
      Promise.all([deleteRedisKeys(this.prefix), deleteRedisKeys(`bull:${this.prefix}`)]).then(([a, b]) => a + b, fail('deleting Redis keys')),
      (this.ownDatabase ? this.dropDatabase() : this.deleteRows()).catch(fail('deleting the database rows')),
    ]);
    const database = this.ownDatabase ? `database ${new URL(this.databaseUrl).pathname.slice(1)} dropped` : `${rows} room/user row(s) deleted`;
    log(`cleanup: ${streams} stream(s) ${this.prefix}*, ${keys} Redis key(s) ${this.prefix}* and bull:${this.prefix}*, ${database}`);
    return ok;
  }

  private async deleteRows(): Promise<number> {
    return this.onServer(this.databaseUrl, async (client) => {
      // Messages, members and read markers go with their rooms (ON DELETE CASCADE).
      const rooms = await client.query('DELETE FROM rooms WHERE left(name, length($1)) = $1', [this.roomPrefix]);
      const users = await client.query('DELETE FROM users WHERE left(username, length($1)) = $1', [this.userPrefix]);
      return (rooms.rowCount ?? 0) + (users.rowCount ?? 0);
    });
  }

  private async dropDatabase(): Promise<number> {
    const admin = new URL(this.databaseUrl);
    const name = admin.pathname.slice(1);
    admin.pathname = '/postgres';
    return this.onServer(admin.toString(), async (client) => (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), 1));
  }

  private async onServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client(pgConnection(url));
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}

async function deleteStreams(prefix: string): Promise<number> {
  const nc = await connect({ servers: servers.natsUrl });
  let deleted = 0;
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const stream of jsm.streams.list()) if (stream.config.name.startsWith(prefix)) names.push(stream.config.name);
    for (const name of names) if (await jsm.streams.delete(name)) deleted++;
  } finally {
    await nc.close();
  }
  return deleted;
}

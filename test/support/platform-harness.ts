import { loadAuthConfig, setUserRole, startAuth, type AuthHandle } from '../../auth/index';
import { loadConsumerConfig, startConsumer, type ConsumerHandle } from '../../ws-consumer/index';
import { loadProducerConfig, startProducer, type ProducerHandle } from '../../ws-producer/index';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Pool } from 'pg';
import { connect } from '@nats-io/transport-node';
import { createLogger } from '#kernel/logging/logger';
import { pgConnection } from '#kernel/pg/pg-pool';
import { eventRoom } from '#contracts/ticketing/ticketing-names';
import { http } from './auth-harness';
import { eventually } from './eventually';
import { uniqueId } from './test-run';
import { isolatedDatabaseUrl } from './test-database';
import { eventCreated, publishTicketingEvents } from './ticketing-events';

export const PLATFORM_JWT_SECRET = 'platform-test-secret-at-least-32-characters';

export interface Edge extends ProducerHandle {
  baseUrl: string;
}

export interface Core extends ConsumerHandle {
  baseUrl: string;
}

/**
 * auth, any number of ws-consumer (cores) and ws-producer (edges) in this process, sharing one
 * NAME_PREFIX (their own streams and subjects) and a schema of their own in the run's database.
 */
export class TestPlatform {
  readonly prefix = `${process.env.NAME_PREFIX}${uniqueId(3)}_`;
  auth!: AuthHandle & { baseUrl: string };
  /** The platform's database: the run's, with a schema of its own (set by start()). */
  databaseUrl!: string;
  readonly edges: Edge[] = [];
  readonly cores: Core[] = [];

  /** Every service's log lines (JSON at info) when a test reads them; silent otherwise. */
  readonly logs: { service: string; msg: string; [field: string]: unknown }[] = [];

  constructor(
    private readonly overrides: Record<string, string> = {},
    private readonly options: { captureLogs?: boolean } = {},
  ) {}

  env(extra: Record<string, string> = {}): Record<string, string | undefined> {
    return {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      NAME_PREFIX: this.prefix,
      JWT_SECRET: PLATFORM_JWT_SECRET,
      PASSWORD_SCRYPT_LOG_N: '10',
      AUTH_HTTP_PORT: '0',
      AUTH_GRPC_PORT: '0',
      PRODUCER_HTTP_PORT: '0',
      PRODUCER_GRPC_PORT: '0',
      CONSUMER_HTTP_PORT: '0',
      LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
      AUTH_GRPC_URL: this.auth ? `127.0.0.1:${this.auth.grpcPort}` : undefined,
      ...this.overrides,
      ...extra,
    };
  }

  private logger(service: string) {
    if (!this.options.captureLogs) return createLogger(service, process.env.LOG_LEVEL ?? 'silent');
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        for (const line of String(chunk).split('\n').filter(Boolean)) this.logs.push(JSON.parse(line));
        done();
      },
    });
    return pino({ level: 'info', base: { service } }, sink);
  }

  async start(options: { edges?: number; cores?: number } = {}): Promise<this> {
    this.databaseUrl = await isolatedDatabaseUrl();
    const auth = await startAuth(loadAuthConfig(this.env()), this.logger('auth'));
    this.auth = { ...auth, baseUrl: `http://127.0.0.1:${auth.httpPort}` };
    for (let i = 0; i < (options.cores ?? 1); i++) await this.addCore();
    for (let i = 0; i < (options.edges ?? 1); i++) await this.addEdge();
    return this;
  }

  /** The platform's database reached through `port` instead (a TcpProxy a test can cut). */
  databaseUrlVia(port: number): string {
    const url = new URL(this.databaseUrl);
    url.port = String(port);
    return url.toString();
  }

  async addEdge(extra: Record<string, string> = {}): Promise<Edge> {
    const handle = await startProducer(loadProducerConfig(this.env(extra)), this.logger('ws-producer'));
    const edge = { ...handle, baseUrl: `http://127.0.0.1:${handle.httpPort}` };
    this.edges.push(edge);
    return edge;
  }

  async addCore(extra: Record<string, string> = {}): Promise<Core> {
    const handle = await startConsumer(loadConsumerConfig(this.env(extra)), this.logger('ws-consumer'));
    const core = { ...handle, baseUrl: `http://127.0.0.1:${handle.httpPort}` };
    this.cores.push(core);
    return core;
  }

  /** Registers a user and logs in; answers the user id and access token. */
  async user(name = 'u'): Promise<{ id: string; username: string; token: string }> {
    const username = `${name}_${uniqueId(5)}`;
    const registered = await http(this.auth.baseUrl, 'POST', '/v1/auth/register', { username, email: `${username}@example.com`, password: 'password123' });
    const login = await http(this.auth.baseUrl, 'POST', '/v1/auth/login', { username, password: 'password123' });
    return { id: registered.body.user.id, username, token: login.body.access_token };
  }

  /** A new user with the admin role (given as `npm run user:role` gives it), signed in after the change so the token carries it. */
  async admin(name = 'admin'): Promise<{ id: string; username: string; token: string }> {
    const user = await this.user(name);
    await setUserRole(loadAuthConfig(this.env()), createLogger('test', 'silent'), user.username, 'admin');
    const login = await http(this.auth.baseUrl, 'POST', '/v1/auth/login', { username: user.username, password: 'password123' });
    return { ...user, token: login.body.access_token };
  }

  /** Creates a room through the core's HTTP API. */
  async room(token: string, visibility: 'public' | 'private' = 'public', members: string[] = []): Promise<string> {
    const name = `room-${uniqueId(5)}`;
    const res = await http(this.cores[0].baseUrl, 'POST', '/v1/rooms', { name, visibility, members }, { authorization: `Bearer ${token}` });
    if (res.status !== 201) throw new Error(`room create failed: ${res.status} ${res.text}`);
    return name;
  }

  /**
   * The room of a new event, made the way ticketing's events make it: publishes event.created to
   * stream TICKETING and waits until the core has made `event:<id>`.
   */
  async eventRoom(eventId = randomUUID()): Promise<string> {
    const nc = await connect({ servers: process.env.NATS_URL });
    try {
      await publishTicketingEvents(nc, this.prefix, [eventCreated(eventId)]);
    } finally {
      await nc.close();
    }
    const room = eventRoom(eventId);
    const pool = new Pool({ ...pgConnection(this.databaseUrl), max: 1 });
    try {
      await eventually(async () => ((await pool.query('SELECT 1 FROM rooms WHERE name = $1', [room])).rowCount ? room : undefined), 10_000, `the core making ${room}`, 25);
    } finally {
      await pool.end();
    }
    return room;
  }

  async stop(): Promise<void> {
    for (const edge of this.edges.splice(0)) await edge.stop();
    for (const core of this.cores.splice(0)) await core.stop();
    await this.auth?.stop();
  }
}

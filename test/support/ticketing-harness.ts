import { loadTicketingConfig, startTicketing, type TicketingHandle } from '../../ticketing/index';
import { createLogger } from '#kernel/logging/logger';
import { http } from './auth-harness';
import { TestPlatform } from './platform-harness';

export interface TicketingNode extends TicketingHandle {
  baseUrl: string;
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

/** Row names A … Z, AA, AB … */
function rowName(index: number): string {
  return (index >= 26 ? rowName(Math.floor(index / 26) - 1) : '') + String.fromCharCode(65 + (index % 26));
}

/** A seat map of `count` seats in one section, 50 to a row (A1 … A50, B1 …), each priced `price`. */
export function seatMap(count: number, price = '25.50', section = 'Stalls'): { section: string; row: string; number: number; price: string }[] {
  return Array.from({ length: count }, (_, i) => ({ section, row: rowName(Math.floor(i / 50)), number: (i % 50) + 1, price }));
}

/**
 * The platform (auth, cores, edges: TestPlatform) plus any number of ticketing processes, all
 * sharing one NAME_PREFIX and database schema. Ticketing's maintenance jobs run every 200 ms
 * here, so expiries show quickly.
 */
export class TicketingPlatform extends TestPlatform {
  readonly ticketing: TicketingNode[] = [];

  constructor(
    overrides: Record<string, string> = {},
    options: { captureLogs?: boolean } = {},
  ) {
    super({ TICKETING_HTTP_PORT: '0', TICKETING_SWEEP_INTERVAL: '200ms', PAYMENT_GATEWAY_LATENCY: '5ms', ...overrides }, options);
  }

  override async start(options: { edges?: number; cores?: number; ticketing?: number } = {}): Promise<this> {
    await super.start(options);
    for (let i = 0; i < (options.ticketing ?? 1); i++) await this.addTicketing();
    return this;
  }

  async addTicketing(extra: Record<string, string> = {}): Promise<TicketingNode> {
    const handle = await startTicketing(loadTicketingConfig(this.env(extra)), createLogger('ticketing', process.env.LOG_LEVEL ?? 'silent'));
    const node = { ...handle, baseUrl: `http://127.0.0.1:${handle.httpPort}` };
    this.ticketing.push(node);
    return node;
  }

  /** A request to the first ticketing process as `user`. */
  api(user: TestUser | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return http(this.ticketing[0].baseUrl, method, path, body, user ? { authorization: `Bearer ${user.token}`, ...headers } : headers);
  }

  /** Creates an event of `seats` seats as `organizer`; answers it with its seat ids in seat-map order. */
  async event(organizer: TestUser, seats = 20, price = '25.50'): Promise<{ id: string; seatIds: string[] }> {
    const created = await this.api(organizer, 'POST', '/v1/events', { name: 'Concert', venue: 'Hall', starts_at: '2027-06-01T19:30:00Z', currency: 'EUR', seats: seatMap(seats, price) });
    if (created.status !== 201) throw new Error(`event create failed: ${created.status} ${created.text}`);
    const listed = await this.api(null, 'GET', `/v1/events/${created.body.id}/seats`);
    return { id: created.body.id, seatIds: listed.body.items.map((seat: { id: string }) => seat.id) };
  }

  override async stop(): Promise<void> {
    for (const node of this.ticketing.splice(0)) await node.stop();
    await super.stop();
  }
}

import type { FeedPost, Message } from '#contracts/chat/ws-frames';
import { ClientError, newId } from './client-kit';
import type { ConnectionsReport, ConsumersReport, QueueDepth } from './admin-reports';

/** Where each service answers (the edge's /app-config.json tells a browser). */
export interface ServiceUrls {
  auth: string;
  /** ws-producer: WebSocket, posts, publish over HTTP. */
  edge: string;
  /** ws-consumer: rooms, history, feed, follows, search. */
  core: string;
  ticketing: string;
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}
export interface User {
  id: string;
  username: string;
  email: string;
}
export interface Room {
  name: string;
  visibility: 'public' | 'private' | 'direct' | 'event';
  last_seq: number;
}
export interface Page<T> {
  items: T[];
  next_cursor?: string;
}
export interface EventSummary {
  id: string;
  name: string;
  venue: string;
  starts_at: string;
  currency: string;
}
export interface Seat {
  id: string;
  section: string;
  row: string;
  number: number;
  label: string;
  price: string;
  status: 'free' | 'held' | 'sold';
}
export interface Hold {
  id: string;
  seat_ids: string[];
  expires_at: string;
}
export interface Booking {
  id: string;
  status: string;
  queue_position?: number;
  booking_reference?: string;
  seat_numbers?: string[];
  total_amount?: string;
  currency?: string;
}

/**
 * The platform's HTTP APIs as the browser app and the CLI use them. Errors (`{error:{code,message}}`)
 * reject with ClientError; `token` is asked before every call that needs it.
 */
export class PlatformApi {
  constructor(
    readonly urls: ServiceUrls,
    private readonly token: () => string | undefined = () => undefined,
  ) {}

  register(username: string, password: string, email = `${username}@example.com`): Promise<{ user: User }> {
    return this.call('auth', 'POST', '/v1/auth/register', { username, email, password });
  }

  login(username: string, password: string): Promise<Tokens> {
    return this.call('auth', 'POST', '/v1/auth/login', { username, password });
  }

  refresh(refreshToken: string): Promise<Tokens> {
    return this.call('auth', 'POST', '/v1/auth/refresh', { refresh_token: refreshToken });
  }

  async me(): Promise<User> {
    return (await this.call<{ user: User }>('auth', 'GET', '/v1/users/me')).user;
  }

  rooms(): Promise<Page<Room>> {
    return this.call('core', 'GET', '/v1/rooms?limit=100');
  }

  createRoom(name: string, visibility: 'public' | 'private', members: string[] = []): Promise<Room> {
    return this.call('core', 'POST', '/v1/rooms', { name, visibility, members });
  }

  /** A page of a room's history, newest first; `beforeSeq` pages back. */
  history(room: string, beforeSeq?: number, limit = 50): Promise<Page<Message>> {
    const query = new URLSearchParams({ limit: String(limit), ...(beforeSeq === undefined ? {} : { before_seq: String(beforeSeq) }) });
    return this.call('core', 'GET', `/v1/rooms/${encodeURIComponent(room)}/messages?${query}`);
  }

  /** Who is in a room now (user ids). */
  roomPresence(room: string): Promise<{ items: string[] }> {
    return this.call('core', 'GET', `/v1/rooms/${encodeURIComponent(room)}/presence`);
  }

  feed(cursor?: string): Promise<Page<FeedPost>> {
    return this.call('core', 'GET', `/v1/feed${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
  }

  publishPost(body: string): Promise<{ post_id: string }> {
    return this.call('edge', 'POST', '/v1/posts', { body }, { 'idempotency-key': newId() });
  }

  like(postId: string, liked: boolean): Promise<unknown> {
    return this.call('core', liked ? 'POST' : 'DELETE', `/v1/posts/${encodeURIComponent(postId)}/like`);
  }

  follow(userId: string, following: boolean): Promise<unknown> {
    return this.call('core', following ? 'POST' : 'DELETE', `/v1/users/${encodeURIComponent(userId)}/follow`);
  }

  searchUsers(q: string): Promise<Page<{ id: string; username: string }>> {
    return this.call('core', 'GET', `/v1/search/users?q=${encodeURIComponent(q)}`);
  }

  events(): Promise<Page<EventSummary>> {
    return this.call('ticketing', 'GET', '/v1/events');
  }

  seats(eventId: string): Promise<Page<Seat>> {
    return this.call('ticketing', 'GET', `/v1/events/${encodeURIComponent(eventId)}/seats`);
  }

  hold(eventId: string, seatIds: string[]): Promise<Hold> {
    return this.call('ticketing', 'POST', `/v1/events/${encodeURIComponent(eventId)}/holds`, { seat_ids: seatIds });
  }

  book(holdId: string): Promise<Booking> {
    return this.call('ticketing', 'POST', '/v1/bookings', { hold_id: holdId });
  }

  /** Pays a booking; the Idempotency-Key makes a retried click charge once. */
  pay(bookingId: string, idempotencyKey: string = newId()): Promise<unknown> {
    return this.call('ticketing', 'POST', `/v1/payments/${encodeURIComponent(bookingId)}`, {}, { 'idempotency-key': idempotencyKey });
  }

  /** Connections over every edge (admin role). */
  adminConnections(): Promise<ConnectionsReport> {
    return this.call('edge', 'GET', '/v1/admin/connections');
  }

  /** The core's durable consumers and dead letters (admin role). */
  adminConsumers(): Promise<ConsumersReport> {
    return this.call('core', 'GET', '/v1/admin/consumers');
  }

  /** The booking queue's depth (admin role). */
  adminQueue(): Promise<QueueDepth> {
    return this.call('ticketing', 'GET', '/v1/admin/queue');
  }

  private async call<T>(service: keyof ServiceUrls, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const token = this.token();
    const response = await fetch(new URL(path, this.urls[service]), {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((error: unknown) => {
      throw new ClientError('unavailable', `${service} did not answer: ${error instanceof Error ? error.message : String(error)}`);
    });
    const json = parseJson(await response.text());
    if (!response.ok) throw new ClientError(json?.error?.code ?? 'internal', json?.error?.message ?? `${method} ${path}: HTTP ${response.status}`);
    if (json === undefined) throw new ClientError('internal', `${method} ${path}: the answer is not JSON`);
    return json as T;
  }
}

/** A body as JSON; undefined for an empty or non-JSON one (a proxy's HTML error page, say). */
function parseJson(text: string): { error?: { code?: string; message?: string } } | undefined {
  if (!text) return {};
  try {
    return JSON.parse(text) as { error?: { code?: string; message?: string } };
  } catch {
    return undefined;
  }
}

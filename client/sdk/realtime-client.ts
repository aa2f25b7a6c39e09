import { Answers, EnvelopeSchema, ErrorPayloadSchema, ServerPayloads, type JoinAnswer, type Message, type SendAnswer, type ServerFrameType, type ServerPayload } from '#contracts/chat/ws-frames';
import { directParticipants, MAX_BODY_CHARS, withinBodyLimit } from '#contracts/chat/rooms';
import { backoffMs, ClientError, FrameBudget, newId, tokenExpiry, TypedEvents } from './client-kit';
import { RoomCursors } from './room-cursors';

/**
 * The part of a WebSocket the client uses: the browser's, or the `ws` package's in Node. The
 * handlers take `never` so that both implementations, whose event types differ, fit as they are;
 * the client's own handlers say what they read (MessageEvent, CloseEvent).
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}
/** `new WebSocket(url)` in browsers; `ws` in Node also takes `{headers}` (header auth). */
export type SocketConstructor = new (url: string, options?: { headers: Record<string, string> }) => SocketLike;

/** How the token travels: `Authorization` header (Node only), `?token=` query, or a first `auth` frame (browsers). */
export type AuthForm = 'header' | 'query' | 'frame';
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface RealtimeClientOptions {
  /** The edge's `/v1/ws` URL, or a function asked again before every reconnect. */
  url: string | (() => string);
  /** Asked before every connection: a refreshed token lets the client reconnect after 4001/4010. */
  token: () => string | Promise<string>;
  auth?: AuthForm;
  WebSocket?: SocketConstructor;
  reconnect?: { initialMs?: number; maxMs?: number };
  /** How long an answer may take once the frame is sent. */
  requestTimeoutMs?: number;
  /**
   * Frames a second this client sends at most, in bursts of as many; more wait their turn.
   * Default 45, bursts of 45: under the edge's defaults (WS_RATE_PER_SEC 50, bursts of 100) with
   * room to spare, since a busy network or event loop can bunch frames the client spaced out.
   */
  framesPerSec?: number;
}

export type ConnectedPayload = ServerPayload<'system:connected'>;
type ClientEventMap = { [K in ServerFrameType]: ServerPayload<K> } & {
  /** More messages were missed than the edge replays (`recovered:false`): reload the room's history. */
  'room:reset': { room: string; last_seq: number };
  state: ConnectionState;
  /** A frame the edge sent that does not match the protocol's schemas (dropped). */
  'frame:invalid': { type: string; reason: string };
};

interface Pending {
  resolve(payload: Record<string, unknown>): void;
  reject(error: Error): void;
  /** Set once the frame is sent. */
  timer: ReturnType<typeof setTimeout> | undefined;
}
interface QueuedSend {
  payload: Record<string, unknown>;
  resolve(answer: SendAnswer): void;
  reject(error: Error): void;
}

/**
 * Where a message typed into `room` goes: to the other user for a direct room (the edge makes the
 * room from the pair, even before its first message), else to the room.
 */
export function sendTarget(room: string, myUserId: string): { room: string } | { to_user: string } {
  const pair = directParticipants(room);
  const peer = pair?.find((id) => id !== myUserId) ?? pair?.[0];
  return peer ? { to_user: peer } : { room };
}

/** Closes after which reconnecting cannot help unless the token changes. */
const TOKEN_CLOSES = new Set([4001, 4010]);
/** Closes that reconnecting cannot help at all (forbidden joins, a client-side protocol misuse). */
const FATAL_CLOSES = new Set([4003]);
const OPEN = 1;
const GREETING = ' system:connected';

/**
 * One connection to the platform's edge: request ids with promises for answers, reconnect with
 * backoff and full jitter, and recovery for every joined room (`room:join` with `since_seq`; missed
 * messages delivered in order, each once) and for the feed (`feed:subscribe` with `last_seq`).
 * Sends not yet acknowledged are sent again after a reconnect with the same `client_msg_id`, so the
 * edge stores them once. Works in browsers and in Node (pass `ws` as `WebSocket`).
 */
export class RealtimeClient {
  private readonly events = new TypedEvents<ClientEventMap>();
  private readonly cursors = new RoomCursors();
  private readonly pending = new Map<string, Pending>();
  private readonly sends = new Map<string, QueuedSend>();
  private readonly waitingForOpen = new Set<{ resolve(): void; reject(error: Error): void }>();
  private socket?: SocketLike;
  /** The frame budget of the current socket (the edge counts per socket). */
  private budget?: FrameBudget;
  private current: ConnectionState = 'idle';
  private attempt = 0;
  private lastToken?: string;
  private feedSubscribed = false;
  private lastPostSeq?: number;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private heartbeat?: ReturnType<typeof setInterval>;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private lastHeard = 0;
  private connected?: { resolve(p: ConnectedPayload): void; reject(e: Error): void };

  private readonly socketConstructor: SocketConstructor;

  constructor(private readonly options: RealtimeClientOptions) {
    const Socket = options.WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
    if (!Socket) throw new ClientError('bad_request', 'no WebSocket implementation: pass options.WebSocket (in Node 20, the ws package)');
    this.socketConstructor = Socket;
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Connects (retrying with backoff) and answers the first `system:connected` payload. */
  connect(): Promise<ConnectedPayload> {
    if (this.current !== 'idle') throw new ClientError('bad_request', `connect() called in state ${this.current}`);
    const first = new Promise<ConnectedPayload>((resolve, reject) => (this.connected = { resolve, reject }));
    void this.open();
    return first;
  }

  /** Closes for good: no reconnect; unanswered requests and sends are rejected. */
  close(): void {
    this.shutDown(new ClientError('closed', 'the client was closed'));
  }

  on<K extends keyof ClientEventMap>(type: K, handler: (payload: ClientEventMap[K]) => void): () => void {
    return this.events.on(type, handler);
  }

  /** Sends a frame with an id and answers the `ok` payload (an `error` answer rejects with ClientError). */
  async request(type: string, payload: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    await this.whenOpen();
    return this.exchange(type, payload);
  }

  async join(room: string): Promise<JoinAnswer> {
    await this.whenOpen();
    let answer: Record<string, unknown>;
    try {
      answer = await this.exchange('room:join', this.joinPayload(room));
    } catch (error) {
      this.cursors.abandoned(room, (message) => this.events.emit('message:new', message));
      throw error;
    }
    return this.applyJoin(room, answer);
  }

  async leave(room: string): Promise<void> {
    this.cursors.forget(room);
    await this.request('room:leave', { room });
  }

  /**
   * Sends a message to a room or, with `{to_user}`, a direct message. Resolves once JetStream
   * stored it, even across reconnects (the same client_msg_id is sent again).
   */
  send(target: { room: string } | { to_user: string }, body: string, clientMsgId: string = newId()): Promise<SendAnswer> {
    if (this.current === 'closed') return Promise.reject(new ClientError('closed', 'the client was closed'));
    // Checked here: a body far over the limit would make a frame the edge closes the socket for (1009), again after every reconnect.
    if (!withinBodyLimit(body)) return Promise.reject(new ClientError('too_large', `a message body is at most ${MAX_BODY_CHARS} characters`));
    const answer = new Promise<SendAnswer>((resolve, reject) => this.sends.set(clientMsgId, { payload: { ...target, body, client_msg_id: clientMsgId }, resolve, reject }));
    if (this.current === 'open') this.transmit(clientMsgId);
    return answer;
  }

  async typing(room: string): Promise<void> {
    await this.request('message:typing', { room });
  }

  async read(room: string, seq: number): Promise<void> {
    await this.request('message:read', { room, seq });
  }

  /** `post:created` frames from now on (and, after reconnects, the ones missed meanwhile). */
  async subscribeFeed(): Promise<void> {
    await this.request('feed:subscribe', this.feedPayload());
    this.feedSubscribed = true;
  }

  async unsubscribeFeed(): Promise<void> {
    this.feedSubscribed = false;
    await this.request('feed:unsubscribe');
  }

  /** The seq of the last message delivered for a room (undefined before its first join). */
  lastSeq(room: string): number | undefined {
    return this.cursors.last(room);
  }

  /** `fresh`: a token the provider gave already (after 4001/4010), not to be asked for twice. */
  private async open(fresh?: string): Promise<void> {
    this.setState(this.attempt === 0 && this.current === 'idle' ? 'connecting' : 'reconnecting');
    let token: string;
    try {
      token = fresh ?? (await this.options.token());
    } catch {
      return this.retry(); // the token provider failed (e.g. offline): try again later
    }
    if (this.current === 'closed') return;
    this.lastToken = token;
    let socket: SocketLike;
    try {
      socket = this.createSocket(token);
    } catch {
      return this.retry(); // no URL to go to right now, or one the WebSocket refuses
    }
    this.socket = socket;
    const perSec = this.options.framesPerSec ?? 45;
    this.budget = new FrameBudget(perSec, perSec);
    socket.onmessage = (event: { data: unknown }) => this.receive(socket, String(event.data));
    socket.onclose = (event: { code: number; reason: string }) => this.lost(socket, event.code, event.reason);
    socket.onerror = () => undefined; // a close event follows and decides what happens
    socket.onopen = () => void this.establish(socket, token);
  }

  private createSocket(token: string): SocketLike {
    const Socket = this.socketConstructor;
    const url = typeof this.options.url === 'function' ? this.options.url() : this.options.url;
    const form = this.options.auth ?? 'frame';
    if (form === 'header') return new Socket(url, { headers: { authorization: `Bearer ${token}` } });
    if (form === 'query') {
      const withToken = new URL(url);
      withToken.searchParams.set('token', token);
      return new Socket(withToken.toString());
    }
    return new Socket(url);
  }

  /** After the socket opened: authenticate, then restore rooms, feed and unsent messages. */
  private async establish(socket: SocketLike, token: string): Promise<void> {
    try {
      const frameAuth = (this.options.auth ?? 'frame') === 'frame';
      const [connected] = await Promise.all([this.greeting(), frameAuth ? this.exchange('auth', { token }) : undefined]);
      this.startHeartbeat(socket, connected.heartbeat_ms);
      await this.restore();
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.scheduleRefresh(socket);
      this.setState('open');
      for (const clientMsgId of this.sends.keys()) this.transmit(clientMsgId);
      for (const waiter of this.waitingForOpen) waiter.resolve();
      this.waitingForOpen.clear();
      this.connected?.resolve(connected);
      this.connected = undefined;
    } catch {
      // The socket closed or an answer timed out: close it and let lost() schedule the retry.
      if (socket === this.socket) socket.close(4000, 'handshake failed');
    }
  }

  /**
   * Re-authenticates the open socket (`auth:refresh`) shortly before its token expires, with the
   * provider's next token, so the edge never has to close it with 4010. The provider decides when
   * a token is renewed; while it still answers the old one, this asks again later.
   */
  private scheduleRefresh(socket: SocketLike): void {
    clearTimeout(this.refreshTimer);
    const expires = this.lastToken ? tokenExpiry(this.lastToken) : undefined;
    if (expires === undefined) return;
    const left = expires - Date.now();
    const lead = Math.min(60_000, left / 3);
    this.refreshTimer = setTimeout(() => void this.refresh(socket), Math.max(0, left - lead));
  }

  private async refresh(socket: SocketLike): Promise<void> {
    if (socket !== this.socket) return;
    try {
      const fresh = await this.options.token();
      if (fresh !== this.lastToken) {
        await this.exchange('auth:refresh', { token: fresh });
        this.lastToken = fresh;
        return this.scheduleRefresh(socket);
      }
    } catch {
      // The provider or the edge refused now; try again below (the edge closes with 4010 at expiry).
    }
    const left = (tokenExpiry(this.lastToken ?? '') ?? 0) - Date.now();
    if (left > 1000 && socket === this.socket) this.refreshTimer = setTimeout(() => void this.refresh(socket), left / 2);
  }

  private async restore(): Promise<void> {
    await Promise.all(this.cursors.rooms().map((room) => this.rejoin(room)));
    if (this.feedSubscribed) await this.exchange('feed:subscribe', this.feedPayload());
  }

  /** A room that is gone or closed to the user now is dropped (told by room:removed), not retried forever. */
  private async rejoin(room: string): Promise<void> {
    try {
      this.applyJoin(room, await this.exchange('room:join', this.joinPayload(room)));
    } catch (error) {
      if (!(error instanceof ClientError) || (error.code !== 'not_found' && error.code !== 'forbidden')) throw error;
      this.cursors.forget(room);
      this.events.emit('room:removed', { room });
    }
  }

  private joinPayload(room: string): Record<string, unknown> {
    this.cursors.joining(room);
    const since = this.cursors.last(room);
    return since === undefined ? { room } : { room, since_seq: since };
  }

  /** Delivers the missed messages (then any live ones that came meanwhile) in seq order, each once. */
  private applyJoin(room: string, payload: Record<string, unknown>): JoinAnswer {
    const answer = Answers.join.parse(payload);
    const recovered = this.cursors.joined(room, answer, (message) => this.events.emit('message:new', message));
    if (!recovered) this.events.emit('room:reset', { room, last_seq: answer.last_seq });
    return answer;
  }

  private feedPayload(): Record<string, unknown> {
    return this.lastPostSeq === undefined ? {} : { last_seq: this.lastPostSeq };
  }

  private transmit(clientMsgId: string): void {
    const queued = this.sends.get(clientMsgId);
    if (!queued) return;
    this.exchange('message:send', queued.payload).then(
      (payload) => {
        this.sends.delete(clientMsgId);
        queued.resolve(Answers.send.parse(payload));
      },
      (error: ClientError) => {
        // Lost with the connection: it goes again after the reconnect. Any other answer is final.
        if (error.code === 'disconnected') return;
        this.sends.delete(clientMsgId);
        queued.reject(error);
      },
    );
  }

  /** Sends a frame with a new id; its answer settles the promise. The timeout runs from when it is sent. */
  private exchange(type: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return Promise.reject(new ClientError('disconnected', 'not connected'));
    const id = newId();
    return new Promise((resolve, reject) => {
      const pending: Pending = { resolve, reject, timer: undefined };
      this.pending.set(id, pending);
      this.budget?.spend(() => {
        if (socket.readyState !== OPEN || !this.pending.has(id)) return;
        pending.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new ClientError('timeout', `no answer to ${type} within ${this.timeoutMs} ms`));
        }, this.timeoutMs);
        socket.send(JSON.stringify({ type, id, payload }));
      });
    });
  }

  private transmitFrame(socket: SocketLike, text: string): void {
    this.budget?.spend(() => socket.readyState === OPEN && socket.send(text));
  }

  private get timeoutMs(): number {
    return this.options.requestTimeoutMs ?? 10_000;
  }

  private whenOpen(): Promise<void> {
    if (this.current === 'open') return Promise.resolve();
    if (this.current === 'closed') return Promise.reject(new ClientError('closed', 'the client was closed'));
    return new Promise((resolve, reject) => this.waitingForOpen.add({ resolve, reject }));
  }

  /** `system:connected`, awaited like an answer (under a key no request id takes) so a lost socket fails it. */
  private greeting(): Promise<ConnectedPayload> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(GREETING);
        reject(new ClientError('timeout', `no system:connected within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(GREETING, { resolve: (payload) => resolve(payload as ConnectedPayload), reject, timer });
    });
  }

  private receive(socket: SocketLike, text: string): void {
    if (socket !== this.socket) return;
    this.lastHeard = Date.now();
    let frame;
    try {
      frame = EnvelopeSchema.parse(JSON.parse(text));
    } catch {
      return this.events.emit('frame:invalid', { type: 'unknown', reason: 'not a {type, id?, payload?} JSON object' });
    }
    if ((frame.type === 'ok' || frame.type === 'error') && frame.id !== undefined) return this.answer(frame.id, frame.type, frame.payload ?? {});
    this.push(frame.type, frame.payload ?? {});
  }

  private answer(id: string, type: 'ok' | 'error', payload: Record<string, unknown>): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (type === 'ok') return pending.resolve(payload);
    const error = ErrorPayloadSchema.safeParse(payload);
    pending.reject(error.success ? new ClientError(error.data.code, error.data.message) : new ClientError('internal', 'malformed error answer'));
  }

  private push(type: string, payload: Record<string, unknown>): void {
    if (!(type in ServerPayloads)) return; // a newer edge's frame: ignored, as the protocol allows
    const known = type as ServerFrameType;
    const parsed = ServerPayloads[known].safeParse(payload);
    if (!parsed.success) return this.events.emit('frame:invalid', { type, reason: parsed.error.message });
    if (known === 'system:connected') this.answer(GREETING, 'ok', parsed.data);
    if (known === 'message:new') return this.cursors.arrived(parsed.data as Message, (message) => this.events.emit('message:new', message));
    if (known === 'post:created') this.lastPostSeq = (parsed.data as ServerPayload<'post:created'>).seq;
    if (known === 'feed:reset') this.lastPostSeq = undefined;
    if (known === 'room:removed') this.cursors.forget((parsed.data as ServerPayload<'room:removed'>).room);
    this.events.emit(known, parsed.data as never);
  }

  /**
   * A silent connection (a cut network sends no close) is noticed by pinging every heartbeat and
   * giving up after two heartbeats without any frame.
   */
  private startHeartbeat(socket: SocketLike, heartbeatMs: number): void {
    clearInterval(this.heartbeat);
    this.lastHeard = Date.now();
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > 2 * heartbeatMs) return socket.close(4000, 'heartbeat timeout');
      this.transmitFrame(socket, JSON.stringify({ type: 'system:ping' }));
    }, heartbeatMs);
  }

  private lost(socket: SocketLike, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.budget?.cancel();
    clearInterval(this.heartbeat);
    clearTimeout(this.refreshTimer);
    this.failPending(new ClientError('disconnected', `connection closed (${code}${reason ? ` ${reason}` : ''})`));
    if (this.current === 'closed') return;
    if (FATAL_CLOSES.has(code)) return this.shutDown(new ClientError('forbidden', `closed by the edge: ${code} ${reason}`));
    if (TOKEN_CLOSES.has(code)) return void this.retryWithNewToken(code, reason);
    this.retry();
  }

  /** 4001/4010: worth another try only when the token provider has a different token now. */
  private async retryWithNewToken(code: number, reason: string): Promise<void> {
    const used = this.lastToken;
    let fresh: string | undefined;
    try {
      fresh = await this.options.token();
    } catch {
      fresh = undefined;
    }
    if (fresh === undefined || fresh === used) return this.shutDown(new ClientError('unauthorized', `closed by the edge: ${code} ${reason}`));
    this.retry(fresh);
  }

  private retry(fresh?: string): void {
    if (this.current === 'closed') return;
    this.setState('reconnecting');
    const { initialMs = 250, maxMs = 10_000 } = this.options.reconnect ?? {};
    this.reconnectTimer = setTimeout(() => void this.open(fresh), backoffMs(this.attempt++, initialMs, maxMs));
  }

  private failPending(error: ClientError): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }

  private shutDown(error: ClientError): void {
    if (this.current === 'closed') return;
    this.setState('closed');
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
    clearTimeout(this.refreshTimer);
    this.budget?.cancel();
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'client closed');
    this.failPending(error);
    for (const queued of this.sends.values()) queued.reject(error);
    this.sends.clear();
    for (const waiter of this.waitingForOpen) waiter.reject(error);
    this.waitingForOpen.clear();
    this.connected?.reject(error);
    this.connected = undefined;
  }

  private setState(state: ConnectionState): void {
    if (this.current === state) return;
    this.current = state;
    this.events.emit('state', state);
  }
}

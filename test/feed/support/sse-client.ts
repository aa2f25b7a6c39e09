/** One event of a text/event-stream, as EventSource would dispatch it. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseOpenOptions {
  token?: string;
  /** How the token is sent: the Authorization header (default) or `?token=`. */
  via?: 'header' | 'query';
  /** Sent as the Last-Event-ID header. */
  lastEventId?: string;
  /** Sent as `?last_event_id=`. */
  lastEventIdQuery?: string;
}

/**
 * A test client for GET /v1/feed/stream over fetch's streaming body (no EventSource package): it
 * parses the stream as the SSE spec says (fields, comments, blank-line dispatch) and keeps every
 * event and comment so a test can wait for the ones it expects.
 */
export class SseTestClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  ended = false;
  private buffer = '';
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {}

  get status(): number {
    return this.response.status;
  }

  /** Opens the stream; resolves once the answer's headers are in (any status: a refusal's body is `json()`). */
  static async open(baseUrl: string, options: SseOpenOptions = {}): Promise<SseTestClient> {
    const url = new URL('/v1/feed/stream', baseUrl);
    if (options.token && options.via === 'query') url.searchParams.set('token', options.token);
    if (options.lastEventIdQuery !== undefined) url.searchParams.set('last_event_id', options.lastEventIdQuery);
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (options.token && options.via !== 'query') headers.authorization = `Bearer ${options.token}`;
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
    const abort = new AbortController();
    const client = new SseTestClient(await fetch(url, { headers, signal: abort.signal }), abort);
    if (client.status === 200) void client.read();
    return client;
  }

  json(): Promise<any> {
    return this.response.json();
  }

  posts(): { id: number; post: any }[] {
    return this.events.filter((e) => e.event === 'post').map((e) => ({ id: Number(e.id), post: JSON.parse(e.data) }));
  }

  async waitFor(match: (event: SseEvent) => boolean, timeoutMs = 5_000): Promise<SseEvent> {
    await this.until(() => this.events.some(match), timeoutMs, 'event');
    return this.events.find(match) as SseEvent;
  }

  async waitForPosts(count: number, timeoutMs = 5_000): Promise<{ id: number; post: any }[]> {
    await this.until(() => this.posts().length >= count, timeoutMs, `${count} posts`);
    return this.posts();
  }

  async waitForComment(timeoutMs = 5_000): Promise<string> {
    await this.until(() => this.comments.length > 0, timeoutMs, 'comment');
    return this.comments[0];
  }

  async waitEnded(timeoutMs = 5_000): Promise<void> {
    await this.until(() => this.ended, timeoutMs, 'end of stream');
  }

  close(): void {
    this.abort.abort();
  }

  private async read(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of this.response.body as unknown as AsyncIterable<Uint8Array>) {
        this.buffer += decoder.decode(chunk, { stream: true });
        this.parse();
      }
    } catch {
      // aborted by close(), or the connection dropped
    }
    this.ended = true;
    this.notify();
  }

  /** Dispatches every complete block (ended by a blank line). */
  private parse(): void {
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.dispatch(block.split('\n'));
    }
    this.notify();
  }

  private dispatch(lines: string[]): void {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of lines) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry') this.retry = Number(value);
    }
    if (data.length > 0) this.events.push({ id, event, data: data.join('\n') });
  }

  private until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { check, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}; last events: ${JSON.stringify(this.events.slice(-3))}; ended ${this.ended}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private notify(): void {
    const ready = this.waiters.filter((w) => w.check());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

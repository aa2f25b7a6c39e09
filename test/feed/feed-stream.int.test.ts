import { TestPlatform } from '../support/platform-harness';
import { http } from '../support/auth-harness';
import { eventually } from '../support/eventually';
import { WsTestClient } from '../support/ws-client';
import { SseTestClient } from './support/sse-client';
import { follow as followVia, postsStored, publishPost } from './support/feed-actions';

type User = { id: string; username: string; token: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The live feed at the edge, end to end (auth, a core, two edges; real PostgreSQL and NATS):
 * GET /v1/feed/stream (SSE) and feed:subscribe on the WebSocket, resume after Last-Event-ID,
 * follow changes, delivery across edges, tokens.
 */
describe('the live feed on the edges (SSE and WebSocket)', () => {
  const platform = new TestPlatform();
  const open: { close(): void }[] = [];
  const track = <T extends { close(): void }>(client: T): T => (open.push(client), client);
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  let edgeA: string;
  let edgeB: string;
  let core: string;

  const follow = (follower: User, followee: User, method: 'POST' | 'DELETE' = 'POST') => followVia(core, follower, followee, method);
  const post = (author: User, body: string, edge = edgeA) => publishPost(edge, author, body);
  const stored = (reader: User, ids: string[]) => postsStored(core, reader, ids);

  /** An SSE stream that has started (its `retry:` is in, so the edge listens). */
  async function stream(user: User, options: Parameters<typeof SseTestClient.open>[1] = {}, edge = edgeA): Promise<SseTestClient> {
    const client = track(await SseTestClient.open(edge, { token: user.token, ...options }));
    expect(client.status).toBe(200);
    await eventually(async () => (client.retry !== undefined ? true : undefined), 5_000, 'the retry line', 10);
    return client;
  }

  beforeAll(async () => {
    await platform.start({ edges: 2 });
    [edgeA, edgeB] = platform.edges.map((e) => e.baseUrl);
    core = platform.cores[0].baseUrl;
  }, 60_000);
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  afterAll(() => platform.stop());

  it('a followee\'s new post reaches the SSE stream at once (bench:feed measures how fast), as `id: <seq>` / `event: post`, and a WebSocket after feed:subscribe as post:created', async () => {
    const [ann, ben] = [await platform.user('ann'), await platform.user('ben')];
    await follow(ben, ann);
    const sse = await stream(ben);
    expect(sse.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(sse.response.headers.get('cache-control')).toBe('no-cache');
    expect(sse.response.headers.get('x-accel-buffering')).toBe('no');
    expect(sse.retry).toBe(3000);
    const ws = track(await WsTestClient.connect(edgeB, ben.token));
    expect(await ws.request('feed:subscribe', {})).toMatchObject({ type: 'ok' });

    const sent = Date.now();
    const id = await post(ann, 'hello followers');
    // A generous bound: other test files share the CPUs; the benchmark measures the latency.
    const [event] = await sse.waitForPosts(1, 5_000);
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(event.id).toBeGreaterThan(0);
    expect(event.post).toEqual({
      id,
      description: 'hello followers',
      created_at: expect.any(String),
      user: { id: ann.id, username: ann.username },
      is_liked: false,
      image_urls: [],
      likes_count: 0,
    });
    const frame = await ws.waitFor((f) => f.type === 'post:created', 5_000);
    expect(frame.payload).toEqual({ action: 'created', seq: event.id, payload: event.post });
    // After feed:unsubscribe the socket gets no more posts; the stream still does.
    expect(await ws.request('feed:unsubscribe')).toMatchObject({ type: 'ok' });
    const later = await post(ann, 'after unsubscribe');
    expect((await sse.waitForPosts(2))[1].post.id).toBe(later);
    await sleep(300);
    expect(ws.frames.filter((f) => f.type === 'post:created')).toHaveLength(1);
  });

  it('resumes after Last-Event-ID (header or ?last_event_id=) with exactly the posts missed, in order, then live ones, none twice', async () => {
    const [ann, ben] = [await platform.user('ann'), await platform.user('ben')];
    await follow(ben, ann);
    const first = await stream(ben);
    await post(ann, 'seen');
    const [seen] = await first.waitForPosts(1);
    first.close();

    const missed = [await post(ann, 'one'), await post(ann, 'two'), await post(ann, 'three')];
    await stored(ben, missed);
    for (const options of [{ lastEventId: String(seen.id) }, { lastEventIdQuery: String(seen.id) }, { lastEventId: String(seen.id), lastEventIdQuery: '999999999' }]) {
      const back = await stream(ben, options);
      const recovered = await back.waitForPosts(3);
      expect(recovered.map((p) => p.post.id)).toEqual(missed);
      expect(recovered.map((p) => p.id)).toEqual([...recovered.map((p) => p.id)].sort((a, b) => a - b));
      expect(recovered[0].id).toBeGreaterThan(seen.id);
      back.close();
    }

    const live = await stream(ben, { lastEventId: String(seen.id) });
    await live.waitForPosts(3);
    const next = await post(ann, 'four');
    const all = await live.waitForPosts(4);
    await sleep(300);
    expect(live.posts().map((p) => p.post.id)).toEqual([...missed, next]);
    expect(all[3].id).toBeGreaterThan(all[2].id);
  });

  it('an unknown id gets a `reset` event, then live posts; a malformed one is refused with 400 before the stream', async () => {
    const [ann, ben] = [await platform.user('ann'), await platform.user('ben')];
    await follow(ben, ann);
    const reset = await stream(ben, { lastEventId: '999999999' });
    const event = await reset.waitFor((e) => e.event === 'reset');
    expect(JSON.parse(event.data)).toEqual({ reason: 'unknown' });
    expect(event.id).toBeUndefined();
    const id = await post(ann, 'after the reset');
    expect((await reset.waitForPosts(1))[0].post.id).toBe(id);

    for (const options of [{ lastEventId: 'abc' }, { lastEventIdQuery: '-1' }, { lastEventIdQuery: '0' }, { lastEventId: '1.5' }]) {
      const refused = await SseTestClient.open(edgeA, { token: ben.token, ...options });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/event id/) });
    }
  });

  it('feed:subscribe with last_seq recovers on the WebSocket too; an unknown one gets feed:reset', async () => {
    const [ann, ben] = [await platform.user('ann'), await platform.user('ben')];
    await follow(ben, ann);
    const sse = await stream(ben);
    await post(ann, 'seen');
    const [seen] = await sse.waitForPosts(1);
    const missed = [await post(ann, 'one'), await post(ann, 'two')];
    await sse.waitForPosts(3);

    const ws = track(await WsTestClient.connect(edgeA, ben.token));
    expect(await ws.request('feed:subscribe', { last_seq: seen.id })).toMatchObject({ type: 'ok' });
    const frames = await ws.waitForCount((f) => f.type === 'post:created', 2);
    expect(frames.map((f) => f.payload.payload.id)).toEqual(missed);
    expect(await ws.request('feed:subscribe', { last_seq: 999_999_999 })).toMatchObject({ type: 'ok' });
    expect((await ws.waitFor((f) => f.type === 'feed:reset')).payload).toEqual({ reason: 'unknown' });
    expect(await ws.request('feed:subscribe', { last_seq: 'x' })).toMatchObject({ type: 'error', payload: { code: 'bad_request' } });
  });

  it('an unfollow stops the posts of that author while those of another followee still arrive', async () => {
    const [ann, cid, ben] = [await platform.user('ann'), await platform.user('cid'), await platform.user('ben')];
    await follow(ben, ann);
    await follow(ben, cid);
    const sse = await stream(ben);
    await follow(ben, ann, 'DELETE');
    await sleep(200); // the unfollow notice reaches the edge
    const stopped = await post(ann, 'not for ben any more');
    const still = await post(cid, 'still followed');
    await sse.waitForPosts(1);
    await sleep(1_500);
    expect(sse.posts().map((p) => p.post.id)).toEqual([still]);
    expect(sse.posts().some((p) => p.post.id === stopped)).toBe(false);
  });

  it('a follow made while the stream is open takes effect at once', async () => {
    const [ann, ben] = [await platform.user('ann'), await platform.user('ben')];
    const sse = await stream(ben);
    await follow(ben, ann);
    await sleep(200);
    const id = await post(ann, 'to a new follower');
    expect((await sse.waitForPosts(1))[0].post.id).toBe(id);
  });

  it('a post made through edge A reaches a stream on edge B', async () => {
    const [ann, ben] = [await platform.user('ann'), await platform.user('ben')];
    await follow(ben, ann);
    const onB = await stream(ben, {}, edgeB);
    const id = await post(ann, 'across edges', edgeA);
    expect((await onB.waitForPosts(1))[0].post.id).toBe(id);
  });

  it('takes the token as ?token=; no token or a bad one is a 401 JSON error before any stream', async () => {
    const [ann, ben] = [await platform.user('ann'), await platform.user('ben')];
    await follow(ben, ann);
    const viaQuery = await stream(ben, { via: 'query' });
    const id = await post(ann, 'via query token');
    expect((await viaQuery.waitForPosts(1))[0].post.id).toBe(id);

    for (const options of [{}, { token: 'not.a.token' }, { token: 'not.a.token', via: 'query' as const }]) {
      const refused = await SseTestClient.open(edgeA, options);
      expect(refused.status).toBe(401);
      expect((await refused.json()).error.code).toBe('unauthorized');
    }
  });

  it('a revoked token (logout) ends the stream with `event: end`, on every edge', async () => {
    const ben = await platform.user('ben');
    const [onA, onB] = [await stream(ben), await stream(ben, {}, edgeB)];
    expect((await http(platform.auth.baseUrl, 'POST', '/v1/auth/logout', undefined, as(ben.token))).status).toBe(204);
    for (const ended of [onA, onB]) {
      await ended.waitEnded(5_000);
      expect(JSON.parse(ended.events.find((e) => e.event === 'end')?.data ?? '{}')).toMatchObject({ reason: 'revoked' });
    }
    const again = await SseTestClient.open(edgeA, { token: ben.token });
    expect(again.status).toBe(401);
  });

  it('sends a heartbeat comment every SSE_HEARTBEAT_INTERVAL; an edge that stops ends its streams with `end` (going_away)', async () => {
    const quick = await platform.addEdge({ SSE_HEARTBEAT_INTERVAL: '200ms' });
    const ben = await platform.user('ben');
    const sse = await stream(ben, {}, quick.baseUrl);
    expect(await sse.waitForComment(2_000)).toBe('heartbeat');
    platform.edges.splice(platform.edges.indexOf(quick), 1);
    const stopping = Date.now();
    await quick.stop();
    expect(Date.now() - stopping).toBeLessThan(3_000);
    await sse.waitEnded();
    expect(JSON.parse(sse.events.find((e) => e.event === 'end')?.data ?? '{}')).toMatchObject({ reason: 'going_away' });
  });

  it('counts feed events by transport and open streams in /metrics', async () => {
    const [ann, ben] = [await platform.user('ann'), await platform.user('ben')];
    await follow(ben, ann);
    const sse = await stream(ben);
    await post(ann, 'counted');
    await sse.waitForPosts(1);
    // The streams of earlier tests are closed by now (or within moments): this one is the only one open.
    const metrics = await eventually(async () => {
      const text = (await http(edgeA, 'GET', '/metrics')).text;
      return /^realtime_sse_streams\{[^}]*\} 1$/m.test(text) ? text : undefined;
    }, 5_000, 'one open stream');
    expect(metrics).toMatch(/^realtime_feed_events_total\{transport="sse"[^}]*\} [1-9]/m);
  });
});

import { createInMemoryEdgeContainer, type InMemoryEdge } from '../adapters/outbound/memory/in-memory-edge.container';
import { RecordingSession } from '../adapters/outbound/memory/recording.session';
import { LocalFeeds } from './local-feeds';

describe('LocalFeeds (the live feeds an edge holds, fanned out by author)', () => {
  let edge: InMemoryEdge;
  let feeds: LocalFeeds;
  let n = 0;
  const listener = (transport: 'websocket' | 'sse' = 'sse') => new RecordingSession(`s${++n}`, transport);
  /** Opens a live feed for `userId` and makes it live at once (no backlog). */
  const live = async (userId: string, session = listener()) => {
    await feeds.enter(session, userId, 0);
    feeds.activate(session);
    return session;
  };
  const descriptions = (s: RecordingSession) => s.frames.filter((f) => f.type === 'post').map((f) => (f.payload?.post as { description: string }).description);

  beforeEach(() => {
    edge = createInMemoryEdgeContainer();
    feeds = edge.container.resolve(LocalFeeds);
    edge.feedCore.follow('1', '10');
    edge.feedCore.follow('1', '11');
    edge.feedCore.follow('2', '10');
  });

  it("writes each post to the listeners of its author's followers only, once, encoded once for all", async () => {
    const [ann, annToo, ben, cid] = [await live('1'), await live('1', listener('websocket')), await live('2'), await live('3')];
    edge.postFeed.post(edge.feedCore.store('10', 'by 10'));
    edge.postFeed.post(edge.feedCore.store('11', 'by 11'));
    edge.postFeed.post(edge.feedCore.store('12', 'by 12'));
    expect(descriptions(ann)).toEqual(['by 10', 'by 11']);
    expect(descriptions(annToo)).toEqual(['by 10', 'by 11']);
    expect(descriptions(ben)).toEqual(['by 10']);
    expect(descriptions(cid)).toEqual([]);
    expect(edge.telemetry.feedWrites).toEqual({ sse: 3, websocket: 2 });
    // One followee load per user, however many listeners it has here.
    expect(edge.feedCore.calls.filter((c) => c === 'following')).toHaveLength(3);
  });

  it('follows the core feed from the first listener until the last one leaves', async () => {
    expect(edge.postFeed.following).toBe(false);
    const [a, b] = [await live('1'), await live('2')];
    expect(edge.postFeed.following).toBe(true);
    feeds.leave(a);
    expect(edge.postFeed.following).toBe(true);
    feeds.leave(b);
    await new Promise((resolve) => setImmediate(resolve));
    expect(edge.postFeed.following).toBe(false);
    edge.postFeed.post(edge.feedCore.store('10'));
    expect(b.frames).toEqual([]);
  });

  it('a follow change updates the follower here: posts of a new followee arrive, those of an unfollowed one stop', async () => {
    const ann = await live('1');
    edge.postFeed.followChanged({ follower_id: '1', followee_id: '12', following: true });
    edge.postFeed.followChanged({ follower_id: '1', followee_id: '10', following: false });
    edge.postFeed.followChanged({ follower_id: '9', followee_id: '11', following: true }); // nobody here
    edge.postFeed.post(edge.feedCore.store('10', 'unfollowed'));
    edge.postFeed.post(edge.feedCore.store('12', 'new followee'));
    edge.postFeed.post(edge.feedCore.store('11', 'still followed'));
    expect(descriptions(ann)).toEqual(['new followee', 'still followed']);
  });

  it('a follow change heard while the followees load is applied on top of them', async () => {
    const ann = listener();
    const ask = edge.feedCore.following.bind(edge.feedCore);
    edge.feedCore.following = async (userId) => {
      const ids = await ask(userId); // read before the unfollow below was stored
      edge.postFeed.followChanged({ follower_id: '1', followee_id: '10', following: false });
      return ids;
    };
    await feeds.enter(ann, '1', 0);
    feeds.activate(ann);
    edge.postFeed.post(edge.feedCore.store('10', 'unfollowed'));
    edge.postFeed.post(edge.feedCore.store('11', 'followed'));
    expect(descriptions(ann)).toEqual(['followed']);
  });

  it('never writes a seq twice or backwards: repeats and older posts are dropped', async () => {
    const ann = await live('1');
    const [p1, p2] = [edge.feedCore.store('10'), edge.feedCore.store('11')];
    edge.postFeed.post(p1);
    edge.postFeed.post(p2);
    edge.postFeed.post(p2);
    edge.postFeed.post(p1);
    expect(ann.postSeqs()).toEqual([p1.seq, p2.seq]);
  });

  it('an opening listener gets its backlog, then what arrived meanwhile after it, each seq once, in order', async () => {
    const [p1, p2, p3] = [edge.feedCore.store('10'), edge.feedCore.store('10'), edge.feedCore.store('11')];
    const ann = listener();
    await feeds.enter(ann, '1', p1.seq);
    edge.postFeed.post(p3); // live, while the backlog is asked for
    edge.postFeed.post(edge.feedCore.store('12')); // not followed
    expect(ann.frames).toEqual([]);
    feeds.activate(ann, { status: 'ok', posts: [p2, p3] });
    expect(ann.postSeqs()).toEqual([p2.seq, p3.seq]);
  });

  it('posts that arrive while the followees load wait, and only the followed ones are written', async () => {
    const ann = listener();
    let release!: () => void;
    const ask = edge.feedCore.following.bind(edge.feedCore);
    edge.feedCore.following = async (userId) => {
      await new Promise<void>((resolve) => (release = resolve));
      return ask(userId);
    };
    const entering = feeds.enter(ann, '1', 0);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    edge.postFeed.post(edge.feedCore.store('12', 'not followed'));
    edge.postFeed.post(edge.feedCore.store('10', 'followed'));
    release();
    await entering;
    feeds.activate(ann);
    expect(descriptions(ann)).toEqual(['followed']);
  });

  it('a reset is told first; the listener then gets every post that arrived since, whatever its old position', async () => {
    const ann = listener();
    await feeds.enter(ann, '1', 999_999);
    edge.postFeed.post(edge.feedCore.store('10', 'meanwhile'));
    feeds.activate(ann, { status: 'reset', reason: 'unknown', posts: [] });
    edge.postFeed.post(edge.feedCore.store('11', 'live'));
    expect(ann.frames.map((f) => f.type)).toEqual(['feed:reset', 'post', 'post']);
    expect(ann.frames[0].payload).toEqual({ reason: 'unknown' });
    expect(descriptions(ann)).toEqual(['meanwhile', 'live']);
  });

  it('a user whose followees cannot be loaded fails to open and leaves nothing behind; the next try works', async () => {
    edge.feedCore.unavailable = true;
    await expect(feeds.enter(listener(), '1', 0)).rejects.toMatchObject({ kind: 'unavailable' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(edge.postFeed.following).toBe(false);
    edge.feedCore.unavailable = false;
    const ann = await live('1');
    edge.postFeed.post(edge.feedCore.store('10'));
    expect(ann.postSeqs()).toHaveLength(1);
  });

  it('scales by local interest only: a user following 5,000 authors, an author with 10,000 followers here, one core subscription', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => String(1_000 + i));
    for (const author of many) edge.feedCore.follow('7', author);
    const reader = await live('7');
    const followers = [];
    for (let i = 0; i < 10_000; i++) {
      edge.feedCore.follow(String(100_000 + i), '10');
      followers.push(await live(String(100_000 + i)));
    }
    edge.postFeed.post(edge.feedCore.store('10', 'popular'));
    edge.postFeed.post(edge.feedCore.store(many[4_999], 'one of many'));
    expect(followers.every((f) => f.postSeqs().length === 1)).toBe(true);
    expect(descriptions(reader)).toEqual(['one of many']);
  });

  it('a listener that left gets nothing more; its user keeps the feed while another listener stays', async () => {
    const [a, b] = [await live('1'), await live('1')];
    feeds.leave(a);
    edge.postFeed.post(edge.feedCore.store('10'));
    expect([a.postSeqs().length, b.postSeqs().length]).toEqual([0, 1]);
  });
});

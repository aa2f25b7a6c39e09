import { createInMemoryEdgeContainer, type InMemoryEdge } from '../../../adapters/outbound/memory/in-memory-edge.container';
import { RecordingSession } from '../../../adapters/outbound/memory/recording.session';
import { LocalFeeds } from '../../local-feeds';
import { SubscribeFeedUseCase } from './subscribe-feed.use-case';

describe('SubscribeFeedUseCase (a live feed with resume)', () => {
  let edge: InMemoryEdge;
  let subscribe: SubscribeFeedUseCase;
  let n = 0;
  const session = (userId: string | null = '1') => {
    const s = new RecordingSession(`s${++n}`);
    if (userId !== null) s.signIn(edge.verifier.issue(userId));
    return s;
  };
  const subscribed = (s: RecordingSession, after_seq?: number) => subscribe.run(s, { after_seq }, () => s.reply('f', {}));
  const types = (s: RecordingSession) => s.frames.map((f) => f.type);

  beforeEach(() => {
    edge = createInMemoryEdgeContainer({ feedRecoveryMax: 2 });
    edge.feedCore.follow('1', '10');
    subscribe = edge.container.resolve(SubscribeFeedUseCase);
  });

  it('answers, then writes live posts of followees', async () => {
    const ann = session();
    await subscribed(ann);
    edge.postFeed.post(edge.feedCore.store('10'));
    expect(types(ann)).toEqual(['ok', 'post']);
    expect(edge.feedCore.calls).toEqual(['following']);
  });

  it('after a seq: exactly the posts missed since, in order, after the answer; then live ones', async () => {
    const seen = edge.feedCore.store('10');
    const missed = [edge.feedCore.store('10'), edge.feedCore.store('10')];
    const ann = session();
    await subscribed(ann, seen.seq);
    edge.postFeed.post(edge.feedCore.store('10'));
    expect(types(ann)).toEqual(['ok', 'post', 'post', 'post']);
    expect(ann.postSeqs()).toEqual([missed[0].seq, missed[1].seq, missed[1].seq + 1]);
  });

  it('a post stored while the backlog is asked for is written once, after the backlog', async () => {
    const seen = edge.feedCore.store('10');
    const ask = edge.feedCore.postsSince.bind(edge.feedCore);
    edge.feedCore.postsSince = async (request) => {
      const stored = edge.feedCore.store('10');
      edge.postFeed.post(stored); // told live before the core answers, and in its answer
      return ask(request);
    };
    const ann = session();
    await subscribed(ann, seen.seq);
    expect(ann.postSeqs()).toEqual([seen.seq + 1]);
  });

  it('an unknown seq, or more missed than FEED_RECOVERY_MAX, is a reset after the answer; live posts follow', async () => {
    const old = edge.feedCore.store('10');
    for (let i = 0; i < 3; i++) edge.feedCore.store('10');
    const [far, lost] = [session(), session()];
    await subscribed(far, old.seq);
    await subscribed(lost, 999_999_999);
    edge.postFeed.post(edge.feedCore.store('10'));
    expect(types(far)).toEqual(['ok', 'feed:reset', 'post']);
    expect(far.frames[1].payload).toEqual({ reason: 'too_old' });
    expect(lost.frames[1].payload).toEqual({ reason: 'unknown' });
    expect(lost.postSeqs()).toEqual([5]);
  });

  it('subscribing again restarts from the new position without duplicates', async () => {
    const ann = session();
    await subscribed(ann);
    const p = edge.feedCore.store('10');
    edge.postFeed.post(p);
    await subscribed(ann, p.seq);
    edge.postFeed.post(edge.feedCore.store('10'));
    expect(ann.postSeqs()).toEqual([p.seq, p.seq + 1]);
  });

  it('a guest has no feed', async () => {
    const guest = session(null);
    await expect(subscribed(guest)).rejects.toMatchObject({ code: 'AUTH.GUEST_READ_ONLY' });
  });

  it('fails without an answer while the core is away, leaving nothing behind', async () => {
    edge.feedCore.unavailable = true;
    const ann = session();
    await expect(subscribed(ann, 1)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(ann.frames).toEqual([]);
    edge.feedCore.unavailable = false;
    edge.postFeed.post(edge.feedCore.store('10'));
    expect(ann.frames).toEqual([]);
  });

  it('a session that closes while its backlog is asked for is not left listening', async () => {
    const seen = edge.feedCore.store('10');
    const ann = session();
    const ask = edge.feedCore.postsSince.bind(edge.feedCore);
    edge.feedCore.postsSince = async (request) => {
      ann.end('going_away', 'bye');
      edge.container.resolve(LocalFeeds).leave(ann); // what closing the session does
      return ask(request);
    };
    await expect(subscribed(ann, seen.seq)).rejects.toThrow(/left during feed subscribe/);
    expect(ann.frames).toEqual([]);
  });
});

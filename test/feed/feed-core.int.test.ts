import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { deadLetterNames, ensureStreams } from '#kernel/nats/jetstream-streams';
import { feedNames } from '#contracts/feed/feed-names';
import { feedStreams } from '#contracts/feed/feed-streams';
import { FeedDeliverySchema, PostsSinceReplySchema, type FeedDelivery } from '#contracts/feed/feed-api';
import { TestPlatform } from '../support/platform-harness';
import { http } from '../support/auth-harness';
import { eventually } from '../support/eventually';

/** The core's newsfeed end to end: posts arrive on stream FEED (as an edge publishes them), the routes and the edge API answer. */
describe('the newsfeed in the core (real PostgreSQL, NATS JetStream; auth and a core started)', () => {
  const platform = new TestPlatform();
  let core: string;
  let nc: NatsConnection;
  const deliveries: FeedDelivery[] = [];
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  /** Publishes a post to FEED the way the edge does, and waits until the core has stored it. */
  async function post(author: { id: string; token: string }, body: string, imageUrls: string[] = []): Promise<string> {
    const id = randomUUID();
    await jetstream(nc).publish(feedNames(platform.prefix).postCreated, JSON.stringify({ post_id: id, author_id: author.id, body, image_urls: imageUrls, created_at: new Date().toISOString() }), { msgID: `post:${id}` });
    await eventually(async () => ((await http(core, 'GET', `/v1/posts/${id}`, undefined, as(author.token))).status === 200 ? true : undefined), 10_000, `post ${id} stored`);
    return id;
  }

  beforeAll(async () => {
    await platform.start({ edges: 0 });
    core = platform.cores[0].baseUrl;
    nc = await connect({ servers: process.env.NATS_URL });
    await ensureStreams(nc, feedStreams(platform.prefix));
    nc.subscribe(feedNames(platform.prefix).deliverPost, {
      callback: (_error, m) => {
        deliveries.push(FeedDeliverySchema.parse(m.json()));
      },
    });
  }, 60_000);
  afterAll(async () => {
    await nc.close();
    await platform.stop();
  });

  it('follows, posts, likes: likes_count for all and is_liked for the liker only; the feed pages newest first', async () => {
    const ann = await platform.user('ann');
    const ben = await platform.user('ben');
    expect((await http(core, 'POST', `/v1/users/${ann.id}/follow`, undefined, as(ben.token))).status).toBe(204);
    expect((await http(core, 'POST', `/v1/users/${ann.id}/follow`, undefined, as(ben.token))).status).toBe(204);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await post(ann, `post ${i}`, ['https://example.com/p.jpg']));

    const liked = await http(core, 'POST', `/v1/posts/${ids[0]}/like`, undefined, as(ben.token));
    expect(liked.body).toMatchObject({ id: ids[0], likes_count: 1, is_liked: true, user: { id: ann.id, username: ann.username } });
    expect((await http(core, 'POST', `/v1/posts/${ids[0]}/like`, undefined, as(ben.token))).body).toMatchObject({ likes_count: 1, is_liked: true });
    expect((await http(core, 'GET', `/v1/posts/${ids[0]}`, undefined, as(ann.token))).body).toMatchObject({ likes_count: 1, is_liked: false });
    expect((await http(core, 'DELETE', `/v1/posts/${ids[0]}/like`, undefined, as(ben.token))).body).toMatchObject({ likes_count: 0, is_liked: false });

    const first = await http(core, 'GET', '/v1/feed?limit=2', undefined, as(ben.token));
    expect(first.body.items.map((p: { body: string }) => p.body)).toEqual(['post 2', 'post 1']);
    const second = await http(core, 'GET', `/v1/feed?limit=2&cursor=${first.body.next_cursor}`, undefined, as(ben.token));
    expect(second.body.items.map((p: { body: string }) => p.body)).toEqual(['post 0']);
    expect(second.body.next_cursor).toBeUndefined();
    expect((await http(core, 'GET', '/v1/feed', undefined, as(ann.token))).body.items).toEqual([]);

    expect((await http(core, 'GET', `/v1/users/${ann.id}/followers`, undefined, as(ann.token))).body.items.map((u: { id: string }) => u.id)).toEqual([ben.id]);
    expect((await http(core, 'GET', `/v1/users/${ben.id}/following`, undefined, as(ann.token))).body.items.map((u: { id: string }) => u.id)).toEqual([ann.id]);
    expect((await http(core, 'DELETE', `/v1/users/${ann.id}/follow`, undefined, as(ben.token))).status).toBe(204);
    expect((await http(core, 'GET', '/v1/feed', undefined, as(ben.token))).body.items).toEqual([]);
  });

  it('tells every edge of each stored post once, in seq order, and answers what a reconnecting stream missed', async () => {
    const ann = await platform.user('ann');
    const ben = await platform.user('ben');
    await http(core, 'POST', `/v1/users/${ann.id}/follow`, undefined, as(ben.token));
    const ids = [await post(ann, 'one'), await post(ann, 'two'), await post(ann, 'three')];
    const told = await eventually(async () => {
      const mine = deliveries.filter((d) => ids.includes(d.post.id));
      return mine.length === 3 ? mine : undefined;
    }, 5_000, 'three deliveries');
    expect(told.map((d) => d.post.description)).toEqual(['one', 'two', 'three']);
    expect(told[0]).toMatchObject({ post: { user: { id: ann.id, username: ann.username }, is_liked: false, likes_count: 0, image_urls: [] } });
    expect(told[1].seq).toBeGreaterThan(told[0].seq);

    const since = async (afterSeq: number, limit = 10) => PostsSinceReplySchema.parse((await nc.request(feedNames(platform.prefix).corePostsSince, JSON.stringify({ user_id: ben.id, after_seq: afterSeq, limit }))).json());
    expect(await since(told[0].seq)).toEqual({ status: 'ok', posts: told.slice(1) });
    expect(await since(told[0].seq, 1)).toEqual({ status: 'reset', reason: 'too_old', posts: [] });
    expect(await since(99_999_999)).toEqual({ status: 'reset', reason: 'unknown', posts: [] });
    const following = (await nc.request(feedNames(platform.prefix).coreFollowing, JSON.stringify({ user_id: ben.id }))).json();
    expect(following).toEqual({ ok: true, followee_ids: [ann.id] });
  });

  it('dead-letters a post whose author is no user, and a malformed one, and stores neither', async () => {
    const ann = await platform.user('ann');
    const js = jetstream(nc);
    const names = feedNames(platform.prefix);
    const stranger = randomUUID();
    await js.publish(names.postCreated, JSON.stringify({ post_id: stranger, author_id: '999999999', body: 'who am I', image_urls: [], created_at: new Date().toISOString() }), { msgID: `post:${stranger}` });
    await js.publish(names.postCreated, JSON.stringify({ post_id: 'not-a-uuid', author_id: ann.id, body: '', image_urls: ['ftp://x'] }));
    const jsm = await jetstreamManager(nc);
    const reasons = await eventually(async () => {
      const found: string[] = [];
      for (let seq = 1; ; seq++) {
        const letter = await jsm.streams.getMessage(deadLetterNames(platform.prefix).stream, { seq }).catch(() => null);
        if (!letter) break;
        if (letter.header.get('Rt-Consumer') === names.postsConsumer) found.push(letter.header.get('Rt-Dlq-Reason'));
      }
      return found.length >= 2 ? found.sort() : undefined;
    }, 10_000, 'two dead letters of core-feed-posts');
    expect(reasons).toEqual(['invalid_payload', 'unknown_author']);
    expect((await http(core, 'GET', `/v1/posts/${stranger}`, undefined, as(ann.token))).status).toBe(404);
  });

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const ann = await platform.user('ann');
    const self = await http(core, 'POST', `/v1/users/${ann.id}/follow`, undefined, as(ann.token));
    expect(self.status).toBe(400);
    expect(self.body.error.message).toBe('you cannot follow yourself');
    expect((await http(core, 'POST', '/v1/users/999999999/follow', undefined, as(ann.token))).status).toBe(404);
    expect((await http(core, 'POST', '/v1/users/not-a-user/follow', undefined, as(ann.token))).status).toBe(400);
    expect((await http(core, 'GET', '/v1/posts/not-a-uuid', undefined, as(ann.token))).status).toBe(400);
    expect((await http(core, 'GET', `/v1/posts/${randomUUID()}`, undefined, as(ann.token))).status).toBe(404);
    expect((await http(core, 'POST', `/v1/posts/${randomUUID()}/like`, undefined, as(ann.token))).status).toBe(404);
    expect((await http(core, 'GET', '/v1/feed?cursor=abc', undefined, as(ann.token))).status).toBe(400);
    expect((await http(core, 'GET', '/v1/feed?limit=1000', undefined, as(ann.token))).status).toBe(400);
    expect((await http(core, 'GET', '/v1/users/999999999/followers', undefined, as(ann.token))).status).toBe(404);
    expect((await http(core, 'GET', '/v1/feed')).status).toBe(401);
    expect((await http(core, 'GET', `/v1/users/${ann.id}/following`, undefined, as(ann.token))).body.items).toEqual([]);
  });
});

import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { feedNames } from '#contracts/feed/feed-names';
import { feedStreams } from '#contracts/feed/feed-streams';
import { PostPublishSchema, type PostPublish } from '#contracts/feed/feed-posts';
import { http } from '../../../../test/support/auth-harness';
import { TestPlatform } from '../../../../test/support/platform-harness';

type User = { id: string; username: string; token: string };

/** POST /v1/posts through a started edge, read back from stream FEED. */
describe('POST /v1/posts (real edge, auth, NATS JetStream)', () => {
  const platform = new TestPlatform();
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let alice: User;
  const feed = () => feedNames(platform.prefix);

  const post = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${alice.token}` }) => http(platform.edges[0].baseUrl, 'POST', '/v1/posts', body, headers);
  const withKey = (key: string) => ({ authorization: `Bearer ${alice.token}`, 'idempotency-key': key });
  const count = async () => (await jsm.streams.info(feed().stream)).state.messages;
  const last = async () => {
    const stored = await jsm.streams.getMessage(feed().stream, { last_by_subj: feed().postCreated });
    return { msgId: stored?.header.get('Nats-Msg-Id'), post: PostPublishSchema.parse(stored?.json()) as PostPublish };
  };

  // The edge alone: the stream holds what it published whether or not a core consumes it.
  beforeAll(async () => {
    await platform.start({ cores: 0 });
    nc = await connect({ servers: process.env.NATS_URL });
    jsm = await jetstreamManager(nc);
    alice = await platform.user('alice');
  }, 30_000);
  afterAll(async () => {
    await nc.close();
    await platform.stop();
  });

  it('a valid post: 202 accepted after it is in stream FEED with its author, body and images', async () => {
    const before = await count();
    const res = await post({ body: 'Doors open at seven!', image_urls: ['https://example.com/a.jpg', 'http://example.com/b.png'] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ post_id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'accepted' });
    expect(await count()).toBe(before + 1);
    const { msgId, post: stored } = await last();
    expect(msgId).toBe(`post:${res.body.post_id}`);
    expect(stored).toEqual({ post_id: res.body.post_id, author_id: alice.id, body: 'Doors open at seven!', image_urls: ['https://example.com/a.jpg', 'http://example.com/b.png'], created_at: expect.any(String) });
  });

  it('image_urls may be left out (none), and the limits themselves are accepted: 2,000 characters, 10 image URLs', async () => {
    expect((await post({ body: 'no images' })).status).toBe(202);
    expect((await last()).post.image_urls).toEqual([]);
    const images = Array.from({ length: 10 }, (_, i) => `https://example.com/${i}.jpg`);
    expect((await post({ body: 'x'.repeat(2_000), image_urls: images })).status).toBe(202);
    expect((await last()).post).toMatchObject({ body: 'x'.repeat(2_000), image_urls: images });
  });

  it('the same Idempotency-Key twice: the same post_id and one stream message', async () => {
    const before = await count();
    const first = await post({ body: 'once' }, withKey('post-key-1'));
    const retry = await post({ body: 'once' }, withKey('post-key-1'));
    expect([first.status, retry.status]).toEqual([202, 202]);
    expect(retry.body.post_id).toBe(first.body.post_id);
    expect(await count()).toBe(before + 1);
  });

  it.each<[string, number, string, unknown, Record<string, string>?]>([
    ['an empty body', 400, 'bad_request', { body: '' }],
    ['a blank body', 400, 'bad_request', { body: ' \n\t ' }],
    ['no body field', 400, 'bad_request', { image_urls: [] }],
    ['a body that is not a string', 400, 'bad_request', { body: 42 }],
    ['an unknown field', 400, 'bad_request', { body: 'hi', image_url: 'https://example.com/a.jpg' }],
    ['a body of 2,001 characters', 413, 'too_large', { body: 'x'.repeat(2_001) }],
    ['11 image URLs', 400, 'bad_request', { body: 'hi', image_urls: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.jpg`) }],
    ['a javascript: image URL', 400, 'bad_request', { body: 'hi', image_urls: ['javascript:alert(1)'] }],
    ['an ftp: image URL', 400, 'bad_request', { body: 'hi', image_urls: ['ftp://x'] }],
    ['an image URL that is no URL', 400, 'bad_request', { body: 'hi', image_urls: ['not a url'] }],
    ['an Idempotency-Key with a space', 400, 'bad_request', { body: 'hi' }, { 'idempotency-key': 'a key' }],
    ['an Idempotency-Key of 129 characters', 400, 'bad_request', { body: 'hi' }, { 'idempotency-key': 'k'.repeat(129) }],
  ])('%s → %i %s, nothing stored', async (_, status, code, body, headers = {}) => {
    const before = await count();
    const res = await post(body, { authorization: `Bearer ${alice.token}`, ...headers });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await count()).toBe(before);
  });

  it('no token → 401 unauthorized, nothing stored', async () => {
    const before = await count();
    const res = await post({ body: 'hi' }, {});
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect(await count()).toBe(before);
  });

  it('is documented in the OpenAPI document, under tag posts, with NewPost and PostReceipt as components', async () => {
    const doc = (await http(platform.edges[0].baseUrl, 'GET', '/docs/openapi.json')).body;
    const route = doc.paths['/v1/posts'].post;
    expect(route.tags).toEqual(['posts']);
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['202', '400', '413', '503']));
    expect(doc.components.schemas.PostReceipt.example).toEqual({ post_id: expect.any(String), status: 'accepted' });
    expect(doc.components.schemas.NewPost.required).toEqual(['body']);
  });

  it('no stream FEED → 503 unavailable; once it is back, posts are accepted again', async () => {
    await jsm.streams.delete(feed().stream);
    try {
      const res = await post({ body: 'into the void' });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
    } finally {
      await ensureStreams(nc, feedStreams(platform.prefix));
    }
    expect((await post({ body: 'back' })).status).toBe(202);
  });
});

import { postIdOf } from '#contracts/feed/feed-posts';
import { createInMemoryEdgeContainer, type InMemoryEdge } from '../../../adapters/outbound/memory/in-memory-edge.container';
import { PublishPostUseCase } from './publish-post.use-case';

describe('PublishPostUseCase', () => {
  let edge: InMemoryEdge;
  let publish: PublishPostUseCase;
  beforeEach(() => {
    edge = createInMemoryEdgeContainer();
    publish = edge.container.resolve(PublishPostUseCase);
  });

  it('stores the post with its author, body, images and the time of publishing, and answers accepted', async () => {
    const before = Date.now();
    const receipt = await publish.run('2', { body: 'hello', image_urls: ['https://example.com/a.jpg'] });
    expect(receipt).toEqual({ post_id: expect.any(String), status: 'accepted' });
    expect(edge.posts.stored).toEqual([{ post_id: receipt.post_id, author_id: '2', body: 'hello', image_urls: ['https://example.com/a.jpg'], created_at: expect.any(String) }]);
    const createdAt = Date.parse(edge.posts.stored[0].created_at);
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
  });

  it('the same Idempotency-Key answers the same post_id, derived from author and key, and is stored once', async () => {
    const first = await publish.run('2', { body: 'hello', image_urls: [] }, 'key-1');
    const retry = await publish.run('2', { body: 'hello', image_urls: [] }, 'key-1');
    expect(first.post_id).toBe(postIdOf('2', 'key-1'));
    expect(retry).toEqual(first);
    expect(edge.posts.stored).toHaveLength(1);
  });

  it('the same key from another author is another post', async () => {
    const mine = await publish.run('2', { body: 'hello', image_urls: [] }, 'key-1');
    const theirs = await publish.run('3', { body: 'hello', image_urls: [] }, 'key-1');
    expect(theirs.post_id).not.toBe(mine.post_id);
  });

  it('without a key every post gets a new id', async () => {
    const a = await publish.run('2', { body: 'hello', image_urls: [] });
    const b = await publish.run('2', { body: 'hello', image_urls: [] });
    expect(a.post_id).not.toBe(b.post_id);
    expect(edge.posts.stored).toHaveLength(2);
  });

  it('refuses a body over 2,000 code points with POST.TOO_LARGE, storing nothing; 2,000 emoji fit', async () => {
    await expect(publish.run('2', { body: 'x'.repeat(2001), image_urls: [] })).rejects.toMatchObject({ code: 'POST.TOO_LARGE' });
    expect(edge.posts.stored).toEqual([]);
    await expect(publish.run('2', { body: '🙂'.repeat(2000), image_urls: [] })).resolves.toMatchObject({ status: 'accepted' });
  });

  it('answers unavailable, storing nothing, while JetStream is away', async () => {
    edge.posts.unavailable = true;
    await expect(publish.run('2', { body: 'hello', image_urls: [] })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(edge.posts.stored).toEqual([]);
  });
});

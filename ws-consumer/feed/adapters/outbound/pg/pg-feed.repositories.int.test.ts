import { randomUUID } from 'node:crypto';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { PgPostRepository } from './pg-post.repository';
import { PgFollowRepository } from './pg-follow.repository';

describe('PgPostRepository and PgFollowRepository (real PostgreSQL)', () => {
  let infra: TestInfra;
  let posts: PgPostRepository;
  let follows: PgFollowRepository;
  let [ann, ben, cat]: string[] = [];
  const post = (authorId: string, body: string, at = new Date()) => ({ id: randomUUID(), authorId, body, imageUrls: ['https://example.com/a.jpg'], createdAt: at });

  beforeAll(async () => {
    infra = await connectTestInfra();
    posts = new PgPostRepository(infra.pool);
    follows = new PgFollowRepository(infra.pool);
    const { rows } = await infra.pool.query<{ id: string }>(`INSERT INTO users (username, email, password_hash) VALUES ('ann', 'ann@x.io', 'x'), ('ben', 'ben@x.io', 'x'), ('cat', 'cat@x.io', 'x') RETURNING id::text AS id`);
    [ann, ben, cat] = rows.map((r) => r.id);
  });
  afterAll(() => infra.close());

  it('stores a post once however often it comes, refuses one of an unknown author, and shows it with its author', async () => {
    const p = post(ann, 'hello');
    const first = await posts.store([p, p]);
    expect(first.unknownAuthor).toEqual([]);
    expect(first.stored).toMatchObject([{ id: p.id, author: { id: ann, username: 'ann' }, isLiked: false }]);
    expect((await posts.store([p])).stored).toEqual(first.stored);
    const stranger = post('999999', 'who?');
    expect(await posts.store([stranger])).toEqual({ stored: [], unknownAuthor: [stranger.id] });
    expect(await posts.find(stranger.id, ann)).toBeUndefined();
    expect(await posts.find(p.id, ben)).toMatchObject({ id: p.id, author: { id: ann, username: 'ann' }, body: 'hello', imageUrls: ['https://example.com/a.jpg'], likesCount: 0, isLiked: false });
    expect(Number((await infra.pool.query('SELECT count(*) FROM posts WHERE id = $1', [p.id])).rows[0].count)).toBe(1);
  });

  it('counts a like once per user and shows is_liked to the liker only', async () => {
    const p = post(ann, 'like me');
    await posts.store([p]);
    expect(await posts.setLike(p.id, ben, true)).toBe(true);
    expect(await posts.setLike(p.id, ben, true)).toBe(true);
    expect(await posts.find(p.id, ben)).toMatchObject({ likesCount: 1, isLiked: true });
    expect(await posts.find(p.id, cat)).toMatchObject({ likesCount: 1, isLiked: false });
    await posts.setLike(p.id, cat, false);
    await posts.setLike(p.id, ben, false);
    await posts.setLike(p.id, ben, false);
    expect(await posts.find(p.id, ben)).toMatchObject({ likesCount: 0, isLiked: false });
    expect(await posts.setLike(randomUUID(), ben, true)).toBe(false);
  });

  it('follows idempotently, refuses unknown users, and pages followers and following newest first', async () => {
    expect(await follows.follow(cat, ann)).toBe(true);
    expect(await follows.follow(cat, ann)).toBe(true);
    expect(await follows.follow(cat, ben)).toBe(true);
    expect(await follows.follow(cat, '999999')).toBe(false);
    const following = await follows.following(cat, undefined, 10);
    expect(following.map((f) => f.user.username)).toEqual(['ben', 'ann']);
    expect((await follows.following(cat, following[0].seq, 10)).map((f) => f.user.username)).toEqual(['ann']);
    expect((await follows.followers(ann, undefined, 10)).map((f) => f.user.username)).toEqual(['cat']);
    await follows.unfollow(cat, ben);
    await follows.unfollow(cat, ben);
    expect((await follows.following(cat, undefined, 10)).map((f) => f.user.username)).toEqual(['ann']);
    expect(await follows.exists('999999')).toBe(false);
    await expect(infra.pool.query('INSERT INTO follows (follower_id, followee_id) VALUES ($1, $1)', [ann])).rejects.toThrow(/check/i);
  });

  it('pages the feed by storing order: posts stored meanwhile never make a page skip or repeat one', async () => {
    const reader = (await infra.pool.query<{ id: string }>(`INSERT INTO users (username, email, password_hash) VALUES ('dot', 'dot@x.io', 'x') RETURNING id::text AS id`)).rows[0].id;
    await follows.follow(reader, ben);
    for (let i = 0; i < 5; i++) await posts.store([post(ben, `old ${i}`)]);
    await posts.store([post(cat, 'not followed')]);
    const first = await posts.feed(reader, undefined, 3);
    expect(first.map((p) => p.body)).toEqual(['old 4', 'old 3', 'old 2']);
    await posts.store([post(ben, 'new while paging', new Date(0))]);
    const second = await posts.feed(reader, first[2].feedSeq, 3);
    expect(second.map((p) => p.body)).toEqual(['old 1', 'old 0']);
    expect((await posts.feed(reader, undefined, 1))[0].body).toBe('new while paging');

    const missed = await posts.since(reader, second[1].feedSeq, 10);
    expect(missed.map((p) => p.body)).toEqual(['old 1', 'old 2', 'old 3', 'old 4', 'new while paging']);
    expect(await posts.seqExists(second[1].feedSeq)).toBe(true);
    expect(await posts.seqExists(99_999_999)).toBe(false);
    expect(await follows.followeeIds(reader, 10)).toEqual([ben]);
  });
});

import type { FeedClientPort } from './feed-client.port';

export interface FeedClientSubject {
  client: FeedClientPort;
  /** `count` users that exist, new for this test. */
  users(count: number): Promise<string[]>;
  follow(followerId: string, followeeId: string): Promise<void>;
  unfollow(followerId: string, followeeId: string): Promise<void>;
  /** Stores a post by `authorId`; resolves with its feed seq once the core has it. */
  post(authorId: string, description: string): Promise<number>;
}

/** What the core's newsfeed answers the edge (NATS request/reply in production, a fake in the edge's unit tests). */
export function describeFeedClientContract(name: string, makeSubject: () => Promise<FeedClientSubject>): void {
  describe(`FeedClientPort contract: ${name}`, () => {
    it('following answers whom a user follows, after follows and unfollows', async () => {
      const s = await makeSubject();
      const [ann, ben, cid] = await s.users(3);
      expect(await s.client.following(ann)).toEqual([]);
      await s.follow(ann, ben);
      await s.follow(ann, cid);
      expect((await s.client.following(ann)).sort()).toEqual([ben, cid].sort());
      await s.unfollow(ann, ben);
      expect(await s.client.following(ann)).toEqual([cid]);
    });

    it('postsSince answers the posts by followees after a seq, oldest first; beyond the limit too_old, an unknown seq unknown', async () => {
      const s = await makeSubject();
      const [ann, ben, cid] = await s.users(3);
      await s.follow(ann, ben);
      const first = await s.post(ben, 'one');
      await s.post(cid, 'not followed');
      const [second, third] = [await s.post(ben, 'two'), await s.post(ben, 'three')];
      const since = await s.client.postsSince({ userId: ann, afterSeq: first, limit: 10 });
      expect(since.status).toBe('ok');
      expect(since.posts.map((p) => [p.seq, p.post.description, p.post.user.id])).toEqual([
        [second, 'two', ben],
        [third, 'three', ben],
      ]);
      expect(await s.client.postsSince({ userId: ann, afterSeq: third, limit: 10 })).toEqual({ status: 'ok', posts: [] });
      expect(await s.client.postsSince({ userId: ann, afterSeq: first, limit: 1 })).toEqual({ status: 'reset', reason: 'too_old', posts: [] });
      expect(await s.client.postsSince({ userId: ann, afterSeq: 999_999_999, limit: 10 })).toEqual({ status: 'reset', reason: 'unknown', posts: [] });
    });
  });
}

import { randomUUID } from 'node:crypto';
import { PublicError } from '#kernel/errors/error-kind';
import type { FeedDelivery, PostsSinceReply } from '#contracts/feed/feed-api';
import type { FeedClientPort } from '../../../application/ports/feed-client.port';

/**
 * The core's newsfeed as the edge sees it, in memory, with the core's rules (the contract suite
 * holds it to the real core): follows, posts numbered by one global seq, and what a resumed
 * feed missed. Can be told the core is away.
 */
export class InMemoryFeedClient implements FeedClientPort {
  private readonly follows = new Map<string, Set<string>>();
  private readonly posts: FeedDelivery[] = [];
  /** Calls that reached the core, by method. */
  readonly calls: string[] = [];
  /** While set, every request fails like an unreachable core. */
  unavailable = false;

  follow(followerId: string, followeeId: string): void {
    this.followeesOf(followerId).add(followeeId);
  }

  unfollow(followerId: string, followeeId: string): void {
    this.followeesOf(followerId).delete(followeeId);
  }

  /** Stores a post the way the core numbers them (the next feed seq). */
  store(authorId: string, description = 'hello'): FeedDelivery {
    const post = { id: randomUUID(), description, created_at: new Date().toISOString(), user: { id: authorId, username: `user${authorId}` }, is_liked: false, image_urls: [], likes_count: 0 };
    const stored = { seq: this.posts.length + 1, post };
    this.posts.push(stored);
    return stored;
  }

  async following(userId: string): Promise<string[]> {
    this.call('following');
    return [...this.followeesOf(userId)];
  }

  async postsSince(request: { userId: string; afterSeq: number; limit: number }): Promise<PostsSinceReply> {
    this.call('postsSince');
    if (!this.posts.some((p) => p.seq === request.afterSeq)) return { status: 'reset', reason: 'unknown', posts: [] };
    const followees = this.followeesOf(request.userId);
    const missed = this.posts.filter((p) => p.seq > request.afterSeq && followees.has(p.post.user.id));
    if (missed.length > request.limit) return { status: 'reset', reason: 'too_old', posts: [] };
    return { status: 'ok', posts: missed };
  }

  private call(method: string): void {
    if (this.unavailable) throw new PublicError('unavailable', 'feed core unavailable (no responders)');
    this.calls.push(method);
  }

  private followeesOf(userId: string): Set<string> {
    let followees = this.follows.get(userId);
    if (!followees) this.follows.set(userId, (followees = new Set()));
    return followees;
  }
}

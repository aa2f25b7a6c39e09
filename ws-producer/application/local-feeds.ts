import { inject, injectable } from 'tsyringe';
import type { FollowChange, PostsSinceReply } from '#contracts/feed/feed-api';
import type { FeedClientPort } from './ports/feed-client.port';
import type { PostFeedPort, PostFeedHandler } from './ports/post-feed.port';
import type { Unfollow } from './ports/delivery-feed.port';
import type { EdgeTelemetryPort } from './ports/edge-telemetry.port';
import { livePostOf, type LivePost } from './live-post';
import type { Session, Transport } from './session';
import { FEED_CLIENT, POST_FEED, TELEMETRY } from '../tokens';

/** A user with a live feed here: whom they follow, and their listeners (SSE streams, subscribed WebSockets). */
interface FeedUser {
  readonly userId: string;
  readonly followees: Set<string>;
  readonly listeners: Map<Session, Place>;
  /** Resolves once `followees` is loaded; every follow change from then on reaches it. */
  loaded: Promise<void>;
  /** Follow changes heard while the followees were loading: applied on top of them. */
  changes: FollowChange[] | undefined;
}

/** A listener's place in its feed. */
interface Place {
  /** Highest seq written to it: a post at or below it is never written again. */
  lastSeq: number;
  /** Posts that arrived while it was opening; written after its backlog. */
  pending: LivePost[] | undefined;
}

type Written = Record<Transport, number>;

/**
 * The live feeds this edge holds, fanned out on read. The core tells every edge of each stored
 * post once (deliver.feed.post) and of each follow change (deliver.feed.follow); this edge
 * follows those two subjects while it holds a feed, whatever the number of feeds, follows or
 * followers: no subscription per follow, no publish per follower. Here, each user with a feed
 * has their followee set, loaded once from the core when their first listener opens and kept up
 * to date by the follow changes, and an index from author to the users here that follow them
 * writes a post to exactly its author's followers. A listener gets each seq at most once and in
 * increasing order: its backlog (the posts it missed) first, then what arrived meanwhile, then
 * live posts. One per edge (a singleton of its container).
 */
@injectable()
export class LocalFeeds {
  private readonly users = new Map<string, FeedUser>();
  private readonly userOf = new Map<Session, FeedUser>();
  /** Author id → the users here that follow them (loaded ones). */
  private readonly byAuthor = new Map<string, Set<FeedUser>>();
  /** Users whose followees are loading: they are offered every post, filtered once they are known. */
  private readonly loading = new Set<FeedUser>();
  private following: Promise<Unfollow> | undefined;
  private readonly handler: PostFeedHandler = { post: (post) => this.receive(post), followChanged: (change) => this.changed(change) };

  constructor(
    @inject(POST_FEED) private readonly feed: PostFeedPort,
    @inject(FEED_CLIENT) private readonly client: FeedClientPort,
    @inject(TELEMETRY) private readonly telemetry: EdgeTelemetryPort,
  ) {}

  /**
   * Adds a listener that has seen every post up to `afterSeq`; resolves with its place once its
   * user's followees are known. Posts that arrive meanwhile wait for `activate`. A failure (the
   * core is away) leaves nothing behind.
   */
  async enter(session: Session, userId: string, afterSeq: number): Promise<object> {
    if (session.closed) throw new Error('session closed before its feed opened');
    const user = this.users.get(userId) ?? this.hold(userId);
    const place: Place = { lastSeq: afterSeq, pending: [] };
    user.listeners.set(session, place);
    this.userOf.set(session, user);
    try {
      await user.loaded;
    } catch (error) {
      if (this.holds(session, place)) this.leave(session);
      throw error;
    }
    return place;
  }

  /** True while `session` listens with this place (it has not left or subscribed again meanwhile). */
  holds(session: Session, place: object): boolean {
    return this.userOf.get(session)?.listeners.get(session) === place;
  }

  /**
   * The listener's answer was written: writes its backlog (or tells it of a reset), then the
   * posts that waited, then it is live.
   */
  activate(session: Session, backlog?: PostsSinceReply): void {
    const user = this.userOf.get(session);
    const place = user?.listeners.get(session);
    if (!user || !place?.pending) return;
    const pending = place.pending;
    place.pending = undefined;
    const written: Written = { websocket: 0, sse: 0 };
    if (backlog?.status === 'reset') {
      // The client reloads the paged feed; from here on every post is new to it.
      place.lastSeq = 0;
      session.resetFeed(backlog.reason ?? 'unknown');
    }
    for (const missed of backlog?.posts ?? []) this.write(session, place, livePostOf(missed), written);
    for (const post of pending) if (user.followees.has(post.authorId)) this.write(session, place, post, written);
    this.report(written);
  }

  /** Stops a listener (unsubscribed or closed); the last one of the edge stops following the feed. */
  leave(session: Session): void {
    const user = this.userOf.get(session);
    if (!user) return;
    this.userOf.delete(session);
    user.listeners.delete(session);
    if (user.listeners.size > 0) return;
    this.users.delete(user.userId);
    this.loading.delete(user);
    for (const authorId of user.followees) this.unindex(authorId, user);
    if (this.users.size === 0) this.unfollow();
  }

  private hold(userId: string): FeedUser {
    const user: FeedUser = { userId, followees: new Set(), listeners: new Map(), loaded: Promise.resolve(), changes: [] };
    this.users.set(userId, user);
    this.loading.add(user);
    user.loaded = this.load(user);
    user.loaded.catch(() => this.users.get(userId) === user && this.drop(user));
    return user;
  }

  /**
   * Follows the feed first, then asks whom the user follows: a change made after that read is
   * heard, and one heard during it is applied again on top (follows are sets: idempotent).
   */
  private async load(user: FeedUser): Promise<void> {
    await this.follow();
    const followeeIds = await this.client.following(user.userId);
    if (this.users.get(user.userId) !== user) return; // every listener left meanwhile
    for (const id of followeeIds) user.followees.add(id);
    for (const change of user.changes ?? []) this.apply(user, change);
    user.changes = undefined;
    for (const authorId of user.followees) this.index(authorId, user);
    this.loading.delete(user);
  }

  /** A user whose followees could not be loaded: its listeners fail (enter rethrows); the next listener tries again. */
  private drop(user: FeedUser): void {
    for (const session of user.listeners.keys()) this.userOf.delete(session);
    user.listeners.clear();
    this.users.delete(user.userId);
    this.loading.delete(user);
    if (this.users.size === 0) this.unfollow();
  }

  private async follow(): Promise<void> {
    const following = (this.following ??= this.feed.follow(this.handler));
    try {
      await following;
    } catch (error) {
      // Not followed (the broker is away): the next listener tries again.
      if (this.following === following) this.following = undefined;
      throw error;
    }
  }

  private unfollow(): void {
    const following = this.following;
    this.following = undefined;
    void following?.then((unfollow) => unfollow(), () => undefined);
  }

  private receive(post: LivePost): void {
    const written: Written = { websocket: 0, sse: 0 };
    for (const user of this.byAuthor.get(post.authorId) ?? []) this.offer(user, post, written);
    for (const user of this.loading) this.offer(user, post, written);
    this.report(written);
  }

  private offer(user: FeedUser, post: LivePost, written: Written): void {
    for (const [session, place] of user.listeners) {
      if (place.pending) place.pending.push(post);
      else this.write(session, place, post, written);
    }
  }

  private write(session: Session, place: Place, post: LivePost, written: Written): void {
    if (post.delivery.seq <= place.lastSeq) return;
    place.lastSeq = post.delivery.seq;
    if (session.deliverPost(post.delivery)) written[session.transport]++;
  }

  private changed(change: FollowChange): void {
    const user = this.users.get(change.follower_id);
    if (!user) return;
    if (user.changes) user.changes.push(change);
    else this.apply(user, change);
  }

  /** Applies a follow change; a loaded user's author index follows it. */
  private apply(user: FeedUser, change: FollowChange): void {
    const indexed = user.changes === undefined;
    if (change.following && !user.followees.has(change.followee_id)) {
      user.followees.add(change.followee_id);
      if (indexed) this.index(change.followee_id, user);
    } else if (!change.following && user.followees.delete(change.followee_id) && indexed) {
      this.unindex(change.followee_id, user);
    }
  }

  private index(authorId: string, user: FeedUser): void {
    let followers = this.byAuthor.get(authorId);
    if (!followers) this.byAuthor.set(authorId, (followers = new Set()));
    followers.add(user);
  }

  private unindex(authorId: string, user: FeedUser): void {
    const followers = this.byAuthor.get(authorId);
    if (followers?.delete(user) && followers.size === 0) this.byAuthor.delete(authorId);
  }

  private report(written: Written): void {
    if (written.websocket > 0) this.telemetry.feedEvents('websocket', written.websocket);
    if (written.sse > 0) this.telemetry.feedEvents('sse', written.sse);
  }
}

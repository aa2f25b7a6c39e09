import { inject, injectable } from 'tsyringe';
import type { PostsSinceReply } from '#contracts/feed/feed-api';
import type { FeedClientPort } from '../../ports/feed-client.port';
import type { EdgeSettings } from '../../edge-settings';
import { LocalFeeds } from '../../local-feeds';
import type { Session } from '../../session';
import { EdgeError } from '../../../domain/edge.errors';
import { EDGE_SETTINGS, FEED_CLIENT } from '../../../tokens';

export interface FeedSubscribeRequest {
  /** The last feed seq the client has (an SSE Last-Event-ID, `last_seq` of feed:subscribe): it gets exactly the posts after it. */
  after_seq?: number;
}

/**
 * Opens a session's live feed (an SSE stream, or `feed:subscribe` on a WebSocket), with the
 * join's rule: listen first, then ask the core what was missed, so nothing stored meanwhile is
 * lost; write the answer, the missed posts, then what arrived meanwhile, each seq once.
 */
@injectable()
export class SubscribeFeedUseCase {
  constructor(
    @inject(FEED_CLIENT) private readonly client: FeedClientPort,
    @inject(EDGE_SETTINGS) private readonly settings: EdgeSettings,
    private readonly feeds: LocalFeeds,
  ) {}

  /** Calls `answer` (an `ok`, the start of an SSE stream) before any post is written. */
  async run(session: Session, request: FeedSubscribeRequest, answer: () => void): Promise<void> {
    const userId = session.userId;
    if (userId === null) throw new EdgeError('AUTH.GUEST_READ_ONLY', 'guests have no feed: sign in first');
    // A subscribe again restarts from the client's position.
    this.feeds.leave(session);
    const place = await this.feeds.enter(session, userId, request.after_seq ?? 0);
    let backlog: PostsSinceReply | undefined;
    try {
      this.stillListening(session, place);
      if (request.after_seq !== undefined) backlog = await this.client.postsSince({ userId, afterSeq: request.after_seq, limit: this.settings.feedRecoveryMax });
      this.stillListening(session, place);
    } catch (error) {
      if (this.feeds.holds(session, place)) this.feeds.leave(session);
      throw error;
    }
    answer();
    this.feeds.activate(session, backlog);
  }

  private stillListening(session: Session, place: object): void {
    if (session.closed || !this.feeds.holds(session, place)) throw new Error('session left during feed subscribe');
  }
}

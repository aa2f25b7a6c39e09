import { injectable } from 'tsyringe';
import { LocalFeeds } from '../../local-feeds';
import type { Session } from '../../session';

/** `feed:unsubscribe`: no more posts to this session. Unsubscribing a session that is not subscribed changes nothing. */
@injectable()
export class UnsubscribeFeedUseCase {
  constructor(private readonly feeds: LocalFeeds) {}

  run(session: Session): void {
    this.feeds.leave(session);
  }
}

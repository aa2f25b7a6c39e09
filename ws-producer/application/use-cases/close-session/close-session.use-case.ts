import { injectable } from 'tsyringe';
import { LocalFeeds } from '../../local-feeds';
import { LocalSessions } from '../../local-sessions';
import type { Session } from '../../session';
import { LeaveRoomUseCase } from '../leave-room/leave-room.use-case';

/** A session's transport is gone: it leaves its rooms (presence ends) and its feed, and stops getting its user's deliveries. */
@injectable()
export class CloseSessionUseCase {
  constructor(
    private readonly sessions: LocalSessions,
    private readonly leave: LeaveRoomUseCase,
    private readonly feeds: LocalFeeds,
  ) {}

  run(session: Session): void {
    session.disposed();
    if (!this.sessions.closed(session)) return;
    this.leave.all(session);
    this.feeds.leave(session);
  }
}

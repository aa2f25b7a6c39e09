import { inject, injectable } from 'tsyringe';
import type { CoreClientPort } from '../../ports/core-client.port';
import { LocalSessions } from '../../local-sessions';
import { LeaveRoomUseCase } from '../leave-room/leave-room.use-case';
import { CORE_CLIENT } from '../../../tokens';

/** A user lost access to a room (removed from a private room): at once, no send of theirs is allowed and their sessions here leave it, told by `room:removed`. */
@injectable()
export class RemoveFromRoomUseCase {
  constructor(
    @inject(CORE_CLIENT) private readonly core: CoreClientPort,
    private readonly sessions: LocalSessions,
    private readonly leave: LeaveRoomUseCase,
  ) {}

  run(room: string, userId: string): void {
    this.core.forgetAuthorization(room, userId);
    for (const session of this.sessions.ofUser(userId)) {
      if (this.leave.run(session, room)) session.sendFrame('room:removed', { room });
    }
  }
}

import { inject, injectable } from 'tsyringe';
import type { CoreClientPort } from '../../ports/core-client.port';
import { LocalRooms } from '../../local-rooms';
import type { Session } from '../../session';
import { CORE_CLIENT } from '../../../tokens';

/** Takes a session out of a room: it gets nothing more of it, and its presence there ends. */
@injectable()
export class LeaveRoomUseCase {
  constructor(
    @inject(CORE_CLIENT) private readonly core: CoreClientPort,
    private readonly rooms: LocalRooms,
  ) {}

  /** False when the session was not in the room. `rejoining` keeps its presence (a join with since_seq follows). */
  run(session: Session, room: string, rejoining = false): boolean {
    const channel = this.rooms.channel(room);
    if (!channel?.has(session)) return false;
    this.rooms.remove(channel, session);
    session.rooms.delete(room);
    if (session.userId !== null && !rejoining) this.core.left({ room, userId: session.userId, connectionId: session.id });
    return true;
  }

  /** Every room of a closing session. */
  all(session: Session): void {
    for (const room of [...session.rooms]) this.run(session, room);
  }
}

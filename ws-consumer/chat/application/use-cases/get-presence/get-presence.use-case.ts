import { inject, injectable } from 'tsyringe';
import type { PresenceTrackerPort } from '../../ports/presence-tracker.port';
import { RoomAccess } from '../../room-access';
import type { UserIdList } from '../../room-view';
import { PRESENCE_TRACKER } from '../../../tokens';

/** Who has a socket in a room right now (user ids, ascending), for those who may read the room. */
@injectable()
export class GetPresenceUseCase {
  constructor(
    private readonly access: RoomAccess,
    @inject(PRESENCE_TRACKER) private readonly presence: PresenceTrackerPort,
  ) {}

  async run(viewerId: string, roomName: string): Promise<UserIdList> {
    const room = await this.access.readable(roomName, { userId: viewerId });
    return { items: await this.presence.list(room.name) };
  }
}

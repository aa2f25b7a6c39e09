import { injectable } from 'tsyringe';
import { RoomAccess } from '../../room-access';

/** Decides, before the edge publishes, whether a user may post to a room (creating a direct room on first use). */
@injectable()
export class AuthorizeSendUseCase {
  constructor(private readonly access: RoomAccess) {}

  async run(request: { room: string; userId: string }): Promise<{ room: string }> {
    const room = await this.access.writable(request.room, { userId: request.userId });
    return { room: room.name };
  }
}

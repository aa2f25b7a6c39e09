import { inject, injectable } from 'tsyringe';
import { EdgeError } from '../../../domain/edge.errors';
import type { CoreClientPort } from '../../ports/core-client.port';
import type { OutboxPort } from '../../ports/outbox.port';
import { actingUser, type Session } from '../../session';
import { CORE_CLIENT, OUTBOX } from '../../../tokens';

/** `message:typing`: an ephemeral frame to the room (never stored), from a member who may write there. */
@injectable()
export class SendTypingUseCase {
  constructor(
    @inject(CORE_CLIENT) private readonly core: CoreClientPort,
    @inject(OUTBOX) private readonly outbox: OutboxPort,
  ) {}

  async run(session: Session, room: string): Promise<void> {
    const userId = actingUser(session);
    if (!session.rooms.has(room)) throw new EdgeError('ROOM.NOT_JOINED', `join ${room} first`);
    // Typing is writing: the core's rule (cached) decides, so nobody types into a read-only room.
    await this.core.authorize(room, userId);
    this.outbox.toRoom(room, 'message:typing', { room, user_id: userId });
  }
}

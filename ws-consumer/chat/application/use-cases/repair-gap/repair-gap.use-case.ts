import { inject, injectable } from 'tsyringe';
import type { Message } from '#contracts/chat/ws-frames';
import type { MessageStorePort } from '../../ports/message-store.port';
import { RoomAccess, viewerOf } from '../../room-access';
import { toMessageView } from '../../message-view';
import { MESSAGE_STORE } from '../../../tokens';

/** Most messages one repair returns; an edge asks again for the rest. */
const MAX_REPAIR = 1000;

/** The stored messages an edge missed between two seqs (a lost or late delivery). */
@injectable()
export class RepairGapUseCase {
  constructor(
    private readonly access: RoomAccess,
    @inject(MESSAGE_STORE) private readonly store: MessageStorePort,
  ) {}

  async run(request: { room: string; userId: string | null; afterSeq: number; upToSeq: number }): Promise<Message[]> {
    const room = await this.access.readable(request.room, viewerOf(request.userId));
    const messages = await this.store.range(room.name, request.afterSeq, request.upToSeq, MAX_REPAIR);
    return messages.map(toMessageView);
  }
}

import { idempotencyKey } from '#contracts/chat/chat-payloads';
import type { IncomingMessage, StoredMessage } from '../../../domain/message.entity';
import type { MessageStorePort, PersistOutcome } from '../../../application/ports/message-store.port';
import type { InMemoryRoomRepository } from './in-memory-room.repository';

/**
 * Messages in memory, for use-case tests. Numbers each room's messages from the room's lastSeq
 * in the InMemoryRoomRepository it is given (as PgMessageStore does from rooms.last_seq), so
 * `find(room).lastSeq` follows what is stored. A batch is atomic: nothing awaits inside it.
 */
export class InMemoryMessageStore implements MessageStorePort {
  private readonly byRoom = new Map<string, StoredMessage[]>();
  private readonly byKey = new Map<string, StoredMessage>();

  constructor(
    private readonly rooms: InMemoryRoomRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async persistBatch(messages: IncomingMessage[]): Promise<PersistOutcome> {
    const outcome: PersistOutcome = { stored: [], duplicates: [], unknownRoom: [] };
    for (const message of messages) {
      const key = idempotencyKey(message.senderId, message.clientMsgId);
      const earlier = this.byKey.get(key);
      if (earlier) {
        // Stored by an earlier batch or earlier in this one: answered with the stored copy.
        outcome.duplicates.push({ ...earlier });
        continue;
      }
      const seq = this.rooms.nextSeq(message.room);
      if (seq === undefined) {
        outcome.unknownRoom.push(message);
        continue;
      }
      const stored: StoredMessage = {
        messageId: message.messageId,
        room: message.room,
        seq,
        senderId: message.senderId,
        body: message.body,
        clientMsgId: message.clientMsgId,
        createdAt: this.now(),
      };
      this.byKey.set(key, stored);
      this.byRoom.set(message.room, [...(this.byRoom.get(message.room) ?? []), stored]);
      outcome.stored.push({ ...stored });
    }
    return outcome;
  }

  async range(room: string, afterSeq: number, upToSeq: number, limit: number): Promise<StoredMessage[]> {
    return this.of(room)
      .filter((m) => m.seq > afterSeq && m.seq <= upToSeq)
      .slice(0, limit);
  }

  async page(room: string, cursor: { beforeSeq?: number; afterSeq?: number }, limit: number): Promise<StoredMessage[]> {
    const { afterSeq, beforeSeq } = cursor;
    if (afterSeq !== undefined) return this.of(room).filter((m) => m.seq > afterSeq).slice(0, limit);
    return this.of(room)
      .filter((m) => beforeSeq === undefined || m.seq < beforeSeq)
      .reverse()
      .slice(0, limit);
  }

  /** The room's messages, oldest first, as copies. */
  private of(room: string): StoredMessage[] {
    return (this.byRoom.get(room) ?? []).map((m) => ({ ...m }));
  }
}

import { randomUUID } from 'node:crypto';
import { MessageSchema } from '#contracts/chat/ws-frames';
import { ChatError } from '../../../domain/chat.errors';
import type { StoredMessage } from '../../../domain/message.entity';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { RepairGapUseCase } from './repair-gap.use-case';

describe('RepairGapUseCase', () => {
  let core: InMemoryChat;
  let repairGap: RepairGapUseCase;
  let lobby: StoredMessage[];

  async function post(room: string, count: number): Promise<StoredMessage[]> {
    const batch = Array.from({ length: count }, (_, i) => ({ messageId: randomUUID(), room, senderId: '1', body: `${room} ${i + 1}`, clientMsgId: randomUUID(), streamSeq: i + 1 }));
    return (await core.messages.persistBatch(batch)).stored;
  }

  const repair = (room: string, userId: string | null, afterSeq: number, upToSeq: number) => repairGap.run({ room, userId, afterSeq, upToSeq });
  const seqs = (messages: { seq: number }[]) => messages.map((m) => m.seq);

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    repairGap = core.container.resolve(RepairGapUseCase);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, []);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '1' }, ['1', '2']);
    lobby = await post('lobby', 10);
    await post('secret', 5);
  });

  it('answers exactly the messages after after_seq up to and including up_to_seq, oldest first', async () => {
    expect(seqs(await repair('lobby', '3', 3, 7))).toEqual([4, 5, 6, 7]);
    expect(seqs(await repair('lobby', '3', 0, 1))).toEqual([1]);
    expect(seqs(await repair('lobby', '3', 9, 10))).toEqual([10]);
  });

  it('answers each message in the shared Message shape, as stored', async () => {
    const [message] = await repair('lobby', '3', 4, 5);
    expect(message).toEqual({
      message_id: lobby[4].messageId,
      room: 'lobby',
      seq: 5,
      sender_id: '1',
      body: 'lobby 5',
      client_msg_id: lobby[4].clientMsgId,
      created_at: lobby[4].createdAt.toISOString(),
    });
    expect(MessageSchema.parse(message)).toEqual(message);
  });

  it('answers nothing for an empty range', async () => {
    expect(await repair('lobby', '3', 5, 5)).toEqual([]);
    expect(await repair('lobby', '3', 7, 3)).toEqual([]);
  });

  it('answers what exists when the range runs past the newest message', async () => {
    expect(seqs(await repair('lobby', '3', 8, 50))).toEqual([9, 10]);
    expect(await repair('lobby', '3', 10, 50)).toEqual([]);
  });

  it('keeps rooms apart', async () => {
    const messages = await repair('secret', '2', 0, 10);
    expect(messages.map((m) => [m.room, m.seq])).toEqual([1, 2, 3, 4, 5].map((seq) => ['secret', seq]));
  });

  it('answers at most 1000 messages, the oldest of the range; the edge asks again for the rest', async () => {
    await core.rooms.create({ name: 'busy', visibility: 'public', createdBy: '1' }, []);
    await post('busy', 1005);
    const first = await repair('busy', '3', 2, 1005);
    expect(first).toHaveLength(1000);
    expect([first[0].seq, first[999].seq]).toEqual([3, 1002]);
    expect(seqs(await repair('busy', '3', 1002, 1005))).toEqual([1003, 1004, 1005]);
  });

  it('repairs for guests in public rooms', async () => {
    expect(seqs(await repair('lobby', null, 0, 2))).toEqual([1, 2]);
  });

  it('repairs private rooms for members only: others and guests get ROOM.FORBIDDEN', async () => {
    expect(seqs(await repair('secret', '2', 1, 3))).toEqual([2, 3]);
    for (const userId of ['3', null]) {
      const attempt = repair('secret', userId, 1, 3);
      await expect(attempt).rejects.toBeInstanceOf(ChatError);
      await expect(attempt).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
    }
  });

  it('refuses a member who was removed', async () => {
    await core.rooms.removeMember('secret', '2');
    await expect(repair('secret', '2', 1, 3)).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
  });

  it('refuses an unknown room with ROOM.NOT_FOUND', async () => {
    await expect(repair('nowhere', '1', 0, 5)).rejects.toMatchObject({ code: 'ROOM.NOT_FOUND' });
  });
});

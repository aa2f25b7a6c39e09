import { randomUUID } from 'node:crypto';
import { MessageSchema } from '#contracts/chat/ws-frames';
import { ChatError } from '../../../domain/chat.errors';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { ReadHistoryUseCase } from './read-history.use-case';
import { ReadHistoryQuerySchema } from './read-history.schema';

describe('ReadHistoryUseCase', () => {
  let core: InMemoryChat;
  let readHistory: ReadHistoryUseCase;

  async function post(room: string, count: number, senderId = '1'): Promise<void> {
    const batch = Array.from({ length: count }, (_, i) => ({ messageId: randomUUID(), room, senderId, body: `message ${i + 1}`, clientMsgId: randomUUID(), streamSeq: i + 1 }));
    await core.messages.persistBatch(batch);
  }

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    readHistory = core.container.resolve(ReadHistoryUseCase);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, []);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '1' }, ['1', '2']);
    await post('lobby', 7);
    await post('secret', 3);
  });

  const seqs = (page: { items: { seq: number }[] }) => page.items.map((m) => m.seq);

  it('answers the newest messages first, in the shared Message shape', async () => {
    const page = await readHistory.run('3', 'lobby', { limit: 3 });
    expect(seqs(page)).toEqual([7, 6, 5]);
    expect(page.items[0]).toEqual({
      message_id: expect.any(String),
      room: 'lobby',
      seq: 7,
      sender_id: '1',
      body: 'message 7',
      client_msg_id: expect.any(String),
      created_at: expect.any(String),
    });
    for (const item of page.items) expect(MessageSchema.parse(item)).toEqual(item);
  });

  it('walks back with before_seq and next_cursor until the first message, whose page has no cursor', async () => {
    const first = await readHistory.run('3', 'lobby', { limit: 3 });
    expect(first.next_cursor).toBe('5');
    const second = await readHistory.run('3', 'lobby', { beforeSeq: Number(first.next_cursor), limit: 3 });
    expect(seqs(second)).toEqual([4, 3, 2]);
    expect(second.next_cursor).toBe('2');
    const last = await readHistory.run('3', 'lobby', { beforeSeq: Number(second.next_cursor), limit: 3 });
    expect(seqs(last)).toEqual([1]);
    expect(last).not.toHaveProperty('next_cursor');
  });

  it('gives no cursor when the page is exactly the rest', async () => {
    const page = await readHistory.run('3', 'lobby', { beforeSeq: 4, limit: 3 });
    expect(seqs(page)).toEqual([3, 2, 1]);
    expect(page).not.toHaveProperty('next_cursor');
  });

  it('reads forward, oldest first, with after_seq', async () => {
    const first = await readHistory.run('3', 'lobby', { afterSeq: 2, limit: 3 });
    expect(seqs(first)).toEqual([3, 4, 5]);
    expect(first.next_cursor).toBe('5');
    const second = await readHistory.run('3', 'lobby', { afterSeq: Number(first.next_cursor), limit: 3 });
    expect(seqs(second)).toEqual([6, 7]);
    expect(second).not.toHaveProperty('next_cursor');
  });

  it('answers an empty page for an empty room', async () => {
    await core.rooms.create({ name: 'quiet', visibility: 'public', createdBy: '1' }, []);
    expect(await readHistory.run('2', 'quiet', { limit: 50 })).toEqual({ items: [] });
  });

  it('shows a private room’s history to members only', async () => {
    expect(seqs(await readHistory.run('2', 'secret', { limit: 50 }))).toEqual([3, 2, 1]);
    const attempt = readHistory.run('3', 'secret', { limit: 50 });
    await expect(attempt).rejects.toBeInstanceOf(ChatError);
    await expect(attempt).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
  });

  it('refuses an unknown room with ROOM.NOT_FOUND', async () => {
    await expect(readHistory.run('1', 'nowhere', { limit: 50 })).rejects.toMatchObject({ code: 'ROOM.NOT_FOUND' });
  });
});

describe('ReadHistoryQuerySchema', () => {
  it('reads numbers from text, limit 50 by default, empty values as absent', () => {
    expect(ReadHistoryQuerySchema.parse({})).toMatchObject({ limit: 50 });
    expect(ReadHistoryQuerySchema.parse({ before_seq: '10', limit: '20' })).toMatchObject({ before_seq: 10, limit: 20 });
    const empty = ReadHistoryQuerySchema.parse({ before_seq: '', after_seq: '', limit: '' });
    expect(empty).toMatchObject({ limit: 50 });
    expect(empty.before_seq).toBeUndefined();
    expect(empty.after_seq).toBeUndefined();
  });

  it.each([
    ['a limit over 200', { limit: '201' }],
    ['a limit of 0', { limit: '0' }],
    ['a negative seq', { before_seq: '-1' }],
    ['a fractional seq', { after_seq: '1.5' }],
    ['a word for a seq', { before_seq: 'latest' }],
    ['both directions at once', { before_seq: '10', after_seq: '2' }],
  ])('refuses %s', (_, query) => {
    expect(ReadHistoryQuerySchema.safeParse(query).success).toBe(false);
  });
});

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, StoredMessage } from '../../../domain/message.entity';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { PersistMessagesUseCase } from './persist-messages.use-case';

describe('PersistMessagesUseCase', () => {
  let core: InMemoryChat;
  let persist: PersistMessagesUseCase;
  let streamSeq = 0;

  const incoming = (room: string, clientMsgId: string, senderId = '1', body = `body of ${clientMsgId}`): IncomingMessage => ({
    messageId: randomUUID(),
    room,
    senderId,
    body,
    clientMsgId,
    streamSeq: ++streamSeq,
  });

  /** Every message handed to the delivery publisher, in order, as (room, seq, client id). */
  const delivered = () => core.delivery.calls.flatMap((c) => (c.method === 'messages' ? c.messages.map((m) => [m.room, m.seq, m.clientMsgId]) : []));
  const numbered = (messages: StoredMessage[]) => messages.map((m) => [m.room, m.seq, m.clientMsgId]);

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2'] });
    persist = core.container.resolve(PersistMessagesUseCase);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, []);
    await core.rooms.create({ name: 'other', visibility: 'public', createdBy: '1' }, []);
  });

  it('stores a batch, numbering each room’s messages from 1 in stream order, and answers them', async () => {
    const batch = [incoming('lobby', 'a'), incoming('other', 'b'), incoming('lobby', 'c'), incoming('lobby', 'd', '2', 'hello')];
    const outcome = await persist.run(batch);
    expect(numbered(outcome.stored)).toEqual([
      ['lobby', 1, 'a'],
      ['other', 1, 'b'],
      ['lobby', 2, 'c'],
      ['lobby', 3, 'd'],
    ]);
    expect(outcome.stored[3]).toEqual({ messageId: batch[3].messageId, room: 'lobby', seq: 3, senderId: '2', body: 'hello', clientMsgId: 'd', createdAt: expect.any(Date) });
    expect(outcome).toMatchObject({ duplicates: [], unknownRoom: [] });
    // Stored, as a read shows, and the rooms' counters moved.
    expect(await core.messages.range('lobby', 0, 100, 100)).toEqual(outcome.stored.filter((m) => m.room === 'lobby'));
    expect((await core.rooms.find('lobby'))?.lastSeq).toBe(3);
    expect((await core.rooms.find('other'))?.lastSeq).toBe(1);
  });

  it('goes on numbering where the room’s earlier batches left off', async () => {
    await persist.run([incoming('lobby', 'a'), incoming('lobby', 'b')]);
    const next = await persist.run([incoming('lobby', 'c')]);
    expect(numbered(next.stored)).toEqual([['lobby', 3, 'c']]);
  });

  it('announces the newly stored messages, once, as stored', async () => {
    const { stored } = await persist.run([incoming('lobby', 'a'), incoming('other', 'b'), incoming('lobby', 'c')]);
    expect(core.delivery.calls).toEqual([{ method: 'messages', messages: stored }]);
  });

  it('reports a repeated idempotency key as a duplicate with the stored copy, storing nothing again', async () => {
    const first = await persist.run([incoming('lobby', 'k', '1', 'original')]);
    const again = await persist.run([incoming('lobby', 'k', '1', 'retry'), incoming('lobby', 'new')]);
    expect(numbered(again.stored)).toEqual([['lobby', 2, 'new']]);
    expect(again.duplicates).toEqual(first.stored);
    expect((await core.messages.range('lobby', 0, 100, 100)).map((m) => m.body)).toEqual(['original', 'body of new']);
    // The same client id from another sender is another message.
    expect(numbered((await persist.run([incoming('lobby', 'k', '2')])).stored)).toEqual([['lobby', 3, 'k']]);
  });

  it('announces duplicates again, as the stored copy, beside the new messages', async () => {
    // The first announcement may have died with a crashed process; edges drop seqs they delivered.
    const first = await persist.run([incoming('lobby', 'k', '1', 'original')]);
    const again = await persist.run([incoming('lobby', 'new'), incoming('lobby', 'k', '1', 'retry')]);
    expect(core.delivery.calls[1]).toEqual({ method: 'messages', messages: [...again.stored, ...first.stored] });
    expect(delivered()).toEqual([
      ['lobby', 1, 'k'],
      ['lobby', 2, 'new'],
      ['lobby', 1, 'k'],
    ]);
  });

  it('reports messages for rooms that do not exist, storing and announcing none of them', async () => {
    const ghost = incoming('ghost', 'g');
    const outcome = await persist.run([ghost, incoming('lobby', 'a')]);
    expect(outcome.unknownRoom).toEqual([ghost]);
    expect(numbered(outcome.stored)).toEqual([['lobby', 1, 'a']]);
    expect(delivered()).toEqual([['lobby', 1, 'a']]);
    expect(await core.rooms.find('ghost')).toBeNull();
  });

  it('announces nothing for a batch with nothing to deliver', async () => {
    expect(await persist.run([incoming('ghost', 'g')])).toMatchObject({ stored: [], duplicates: [] });
    expect(delivered()).toEqual([]);
  });

  it('announces nothing and fails when the store fails, so the batch is taken again', async () => {
    jest.spyOn(core.messages, 'persistBatch').mockRejectedValueOnce(new Error('database down'));
    await expect(persist.run([incoming('lobby', 'a')])).rejects.toThrow('database down');
    expect(core.delivery.calls).toEqual([]);
  });
});

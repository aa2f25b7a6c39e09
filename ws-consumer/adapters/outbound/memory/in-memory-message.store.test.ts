import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from '../../../domain/message.entity';
import { InMemoryRoomRepository } from './in-memory-room.repository';
import { InMemoryMessageStore } from './in-memory-message.store';

// The owner of MessageStorePort runs its contract suite against this fake too; these are the
// basics the use-case tests rely on.
describe('InMemoryMessageStore', () => {
  let rooms: InMemoryRoomRepository;
  let store: InMemoryMessageStore;
  let streamSeq = 0;

  const incoming = (room: string, clientMsgId: string = randomUUID(), senderId = '1'): IncomingMessage => ({
    messageId: randomUUID(),
    room,
    senderId,
    body: `hello ${clientMsgId}`,
    clientMsgId,
    streamSeq: ++streamSeq,
  });

  beforeEach(async () => {
    rooms = new InMemoryRoomRepository(['1', '2']);
    store = new InMemoryMessageStore(rooms);
    await rooms.create({ name: 'a', visibility: 'public', createdBy: '1' }, []);
    await rooms.create({ name: 'b', visibility: 'public', createdBy: '1' }, []);
  });

  it('numbers each room’s messages 1, 2, 3 … across batches, in stream order, and moves the room’s lastSeq', async () => {
    const first = await store.persistBatch([incoming('a'), incoming('b'), incoming('a')]);
    expect(first.stored.map((m) => [m.room, m.seq])).toEqual([
      ['a', 1],
      ['b', 1],
      ['a', 2],
    ]);
    const second = await store.persistBatch([incoming('a')]);
    expect(second.stored.map((m) => m.seq)).toEqual([3]);
    expect((await rooms.find('a'))?.lastSeq).toBe(3);
    expect((await rooms.find('b'))?.lastSeq).toBe(1);
  });

  it('keeps every field of the message', async () => {
    const message = incoming('a', 'c-1', '2');
    const { stored } = await store.persistBatch([message]);
    expect(stored).toEqual([{ messageId: message.messageId, room: 'a', seq: 1, senderId: '2', body: message.body, clientMsgId: 'c-1', createdAt: expect.any(Date) }]);
  });

  it('stores a retried message once and answers the stored copy, within a batch and across batches', async () => {
    const { stored } = await store.persistBatch([incoming('a', 'x')]);
    const again = await store.persistBatch([incoming('a', 'x'), incoming('a', 'y'), incoming('a', 'y')]);
    expect(again.stored.map((m) => [m.clientMsgId, m.seq])).toEqual([['y', 2]]);
    expect(again.duplicates).toEqual([stored[0], again.stored[0]]);
    // The same client id from another sender is another message.
    expect((await store.persistBatch([incoming('a', 'x', '2')])).stored.map((m) => m.seq)).toEqual([3]);
  });

  it('sets aside messages for rooms that do not exist, numbering the rest without gaps', async () => {
    const lost = incoming('nowhere');
    const outcome = await store.persistBatch([incoming('a'), lost, incoming('a')]);
    expect(outcome.unknownRoom).toEqual([lost]);
    expect(outcome.stored.map((m) => m.seq)).toEqual([1, 2]);
  });

  describe('reading', () => {
    beforeEach(async () => {
      await store.persistBatch(Array.from({ length: 10 }, () => incoming('a')));
    });

    it('answers a range (after, up to], oldest first, at most limit', async () => {
      expect((await store.range('a', 2, 6, 100)).map((m) => m.seq)).toEqual([3, 4, 5, 6]);
      expect((await store.range('a', 2, 6, 2)).map((m) => m.seq)).toEqual([3, 4]);
      expect(await store.range('b', 0, 10, 10)).toEqual([]);
    });

    it('pages newest first, before a seq, or oldest first after one', async () => {
      expect((await store.page('a', {}, 3)).map((m) => m.seq)).toEqual([10, 9, 8]);
      expect((await store.page('a', { beforeSeq: 8 }, 3)).map((m) => m.seq)).toEqual([7, 6, 5]);
      expect((await store.page('a', { beforeSeq: 3 }, 3)).map((m) => m.seq)).toEqual([2, 1]);
      expect((await store.page('a', { afterSeq: 0 }, 3)).map((m) => m.seq)).toEqual([1, 2, 3]);
      expect((await store.page('a', { afterSeq: 8 }, 3)).map((m) => m.seq)).toEqual([9, 10]);
      expect(await store.page('unknown', {}, 3)).toEqual([]);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { uniqueId } from '../../../../test/support/test-run';
import type { IncomingMessage } from '../../domain/message.entity';
import type { MessageStorePort } from './message-store.port';

export interface MessageStoreFixture {
  store: MessageStorePort;
  /** Creates an empty public room the store can write to. */
  newRoom(): Promise<string>;
  /** The room's counter as the room repository sees it. */
  lastSeq(room: string): Promise<number>;
  cleanup?: () => Promise<void>;
}

let streamSeq = 0;
function incoming(room: string, sender: string, clientMsgId: string, body = `b-${clientMsgId}`): IncomingMessage {
  return { messageId: randomUUID(), room, senderId: sender, body, clientMsgId, streamSeq: ++streamSeq };
}

/** The behaviour every MessageStorePort adapter must have; run against PostgreSQL and the in-memory fake. */
export function describeMessageStoreContract(name: string, makeFixture: () => Promise<MessageStoreFixture>): void {
  describe(`MessageStorePort contract: ${name}`, () => {
    let f: MessageStoreFixture;
    beforeAll(async () => {
      f = await makeFixture();
    });
    afterAll(async () => {
      await f.cleanup?.();
    });
    const sender = () => String(1_000_000 + Math.floor(Math.random() * 1_000_000));

    it('numbers each room from 1 without gaps, in batch order, and moves the room counter', async () => {
      const [a, b] = [await f.newRoom(), await f.newRoom()];
      const s = sender();
      const outcome = await f.store.persistBatch([incoming(a, s, '1'), incoming(b, s, '2'), incoming(a, s, '3'), incoming(a, s, '4')]);
      const seqs = (room: string) => outcome.stored.filter((m) => m.room === room).map((m) => [m.seq, m.clientMsgId]);
      expect(seqs(a)).toEqual([[1, '1'], [2, '3'], [3, '4']]);
      expect(seqs(b)).toEqual([[1, '2']]);
      expect(await f.lastSeq(a)).toBe(3);
      const next = await f.store.persistBatch([incoming(a, s, '5')]);
      expect(next.stored.map((m) => m.seq)).toEqual([4]);
    });

    it('keeps every field of the message', async () => {
      const room = await f.newRoom();
      const message = incoming(room, sender(), 'fields', 'every field');
      const { stored } = await f.store.persistBatch([message]);
      expect(stored).toEqual([{ messageId: message.messageId, room, seq: 1, senderId: message.senderId, body: 'every field', clientMsgId: 'fields', createdAt: expect.any(Date) }]);
    });

    it('stores a repeated idempotency key once and answers the stored copy', async () => {
      const room = await f.newRoom();
      const s = sender();
      const first = await f.store.persistBatch([incoming(room, s, 'k', 'original')]);
      const again = await f.store.persistBatch([incoming(room, s, 'k', 'retry')]);
      expect(again.stored).toEqual([]);
      expect(again.duplicates).toHaveLength(1);
      expect(again.duplicates[0]).toMatchObject({ seq: 1, body: 'original', messageId: first.stored[0].messageId });
      const sameBatch = await f.store.persistBatch([incoming(room, s, 'x'), incoming(room, s, 'x')]);
      expect(sameBatch.stored.map((m) => m.seq)).toEqual([2]);
      expect(await f.lastSeq(room)).toBe(2);
    });

    it('answers exactly what it stored: one key twice in a batch keeps the first message, as a read shows', async () => {
      const room = await f.newRoom();
      const s = sender();
      const first = incoming(room, s, 'twice', 'first body');
      const { stored } = await f.store.persistBatch([first, incoming(room, s, 'twice', 'second body'), incoming(room, s, 'other', 'other body')]);
      expect(stored.map((m) => [m.seq, m.body, m.messageId])).toEqual([
        [1, 'first body', first.messageId],
        [2, 'other body', stored[1]?.messageId],
      ]);
      expect(await f.store.range(room, 0, 2, 10)).toEqual(stored);
    });

    it('reports messages for rooms that do not exist and stores the rest', async () => {
      const room = await f.newRoom();
      const ghost = `ghost-${uniqueId(6)}`;
      const outcome = await f.store.persistBatch([incoming(ghost, sender(), 'g'), incoming(room, sender(), 'r')]);
      expect(outcome.unknownRoom.map((m) => m.room)).toEqual([ghost]);
      expect(outcome.stored.map((m) => m.room)).toEqual([room]);
    });

    it('concurrent batches for one room never share or skip a seq', async () => {
      const room = await f.newRoom();
      const batches = Array.from({ length: 8 }, (_, b) => Array.from({ length: 25 }, (_, i) => incoming(room, sender(), `c${b}-${i}`)));
      const outcomes = await Promise.all(batches.map((batch) => f.store.persistBatch(batch)));
      const seqs = outcomes.flatMap((o) => o.stored.map((m) => m.seq)).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    });

    it('reads ranges oldest first and pages newest first before a seq or oldest first after one', async () => {
      const room = await f.newRoom();
      const s = sender();
      await f.store.persistBatch(Array.from({ length: 10 }, (_, i) => incoming(room, s, `p${i}`)));
      expect((await f.store.range(room, 3, 7, 100)).map((m) => m.seq)).toEqual([4, 5, 6, 7]);
      expect((await f.store.range(room, 3, 7, 2)).map((m) => m.seq)).toEqual([4, 5]);
      expect((await f.store.page(room, {}, 3)).map((m) => m.seq)).toEqual([10, 9, 8]);
      expect((await f.store.page(room, { beforeSeq: 8 }, 3)).map((m) => m.seq)).toEqual([7, 6, 5]);
      expect((await f.store.page(room, { afterSeq: 8 }, 5)).map((m) => m.seq)).toEqual([9, 10]);
    });
  });
}

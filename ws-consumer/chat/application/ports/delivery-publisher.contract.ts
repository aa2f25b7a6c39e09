import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { StoredMessage } from '../../domain/message.entity';
import { toMessageView } from '../message-view';
import type { DeliveryPublisherPort } from './delivery-publisher.port';

// Jest globals are imported rather than ambient so this file also type-checks outside the test
// tsconfig; it is test code run by the *.test.ts files beside each adapter.

/** One frame as the edges would receive and parse it. */
export interface SeenFrame {
  /** The room seq of a stored message's frame; absent on an unsequenced frame. */
  seq?: number;
  /** The parsed frame, `{type, payload}`. */
  frame: unknown;
}

/** A frame that reached a user's edges, with the room it belongs to. */
export interface SeenUserFrame extends SeenFrame {
  room: string;
}

/** Everything the edges could have seen of what one publisher sent, in arrival order. */
export interface SeenByEdges {
  /** Frames for the edges that hold each room (rooms that got nothing are absent). */
  rooms: Record<string, SeenFrame[]>;
  /** Frames for the edges that hold each user's sockets (users that got nothing are absent). */
  users: Record<string, SeenUserFrame[]>;
  /** Messages to every edge. */
  control: unknown[];
}

export interface DeliveryPublisherSubject {
  publisher: DeliveryPublisherPort;
  /**
   * What the edges have seen of everything `publisher` sent before this call: for a real
   * transport an observer subscribed to the delivery subjects, which waits until all of it has
   * arrived; for the fake its recorded calls read as the port defines them.
   */
  observed(): Promise<SeenByEdges>;
  cleanup?: () => Promise<void>;
}

let nextId = 0;
/** A stored message of `room` with `seq` (fields distinct per message, so a mix-up shows). */
export function storedMessage(room: string, seq: number, overrides: Partial<StoredMessage> = {}): StoredMessage {
  const id = ++nextId;
  return {
    messageId: randomUUID(),
    room,
    seq,
    senderId: String(100 + (id % 7)),
    body: `message ${id} of ${room}`,
    clientMsgId: `client-${id}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 0, id)),
    ...overrides,
  };
}

/** The frame every edge gets for a stored message. */
const messageNew = (message: StoredMessage): SeenFrame => ({ seq: message.seq, frame: { type: 'message:new', payload: toMessageView(message) } });

/** The behaviour every DeliveryPublisherPort adapter must have, in terms of what the edges see. */
export function describeDeliveryPublisherContract(name: string, makeSubject: () => Promise<DeliveryPublisherSubject>): void {
  describe(`DeliveryPublisherPort contract: ${name}`, () => {
    let subject: DeliveryPublisherSubject;
    let publisher: DeliveryPublisherPort;

    beforeEach(async () => {
      subject = await makeSubject();
      publisher = subject.publisher;
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    describe('messages', () => {
      it('sends each stored message to its room as the message:new frame of its Message view, with its seq', async () => {
        const message = storedMessage('general', 1, { senderId: '42', body: 'hello, "world"\nsecond line ✓', clientMsgId: 'c-1' });
        await publisher.messages([message]);
        const seen = await subject.observed();
        expect(seen.rooms).toEqual({ general: [messageNew(message)] });
        expect(seen.rooms.general[0].frame).toEqual({
          type: 'message:new',
          payload: {
            message_id: message.messageId,
            room: 'general',
            seq: 1,
            sender_id: '42',
            body: 'hello, "world"\nsecond line ✓',
            client_msg_id: 'c-1',
            created_at: message.createdAt.toISOString(),
          },
        });
        expect(seen.users).toEqual({});
        expect(seen.control).toEqual([]);
      });

      it('sends the messages of several rooms in one call to each room, each room’s in seq order', async () => {
        const a = [1, 2, 3].map((seq) => storedMessage('room-a', seq));
        const b = [7, 8].map((seq) => storedMessage('room-b', seq));
        const c = [storedMessage('room-c', 1)];
        await publisher.messages([a[0], b[0], a[1], c[0], b[1], a[2]]);
        const seen = await subject.observed();
        expect(seen.rooms).toEqual({ 'room-a': a.map(messageNew), 'room-b': b.map(messageNew), 'room-c': c.map(messageNew) });
        expect(seen.users).toEqual({});
      });

      it('keeps each room’s order across calls', async () => {
        const [first, second, third] = [1, 2, 3].map((seq) => storedMessage('general', seq));
        await publisher.messages([first, second]);
        await publisher.messages([third]);
        expect((await subject.observed()).rooms).toEqual({ general: [first, second, third].map(messageNew) });
      });

      it('sends every message of a batch too large for one transport message, in seq order', async () => {
        // 120 bodies of 4,000 three-byte characters: well over a megabyte for one room.
        const many = Array.from({ length: 120 }, (_, i) => storedMessage('busy', i + 1, { body: '€'.repeat(4000) }));
        await publisher.messages(many);
        const seen = await subject.observed();
        expect(seen.rooms.busy.map((f) => f.seq)).toEqual(many.map((m) => m.seq));
        expect(seen.rooms).toEqual({ busy: many.map(messageNew) });
      });

      it('also sends a direct room’s messages to both of its users, naming the room', async () => {
        const room = 'dm:2:10';
        const dms = [storedMessage(room, 1, { senderId: '2' }), storedMessage(room, 2, { senderId: '10' })];
        const other = storedMessage('general', 5);
        await publisher.messages([dms[0], other, dms[1]]);
        const seen = await subject.observed();
        const toUser = dms.map((m) => ({ room, ...messageNew(m) }));
        expect(seen.users).toEqual({ '2': toUser, '10': toUser });
        expect(seen.rooms).toEqual({ [room]: dms.map(messageNew), general: [messageNew(other)] });
      });

      it('sends to users only for rooms named dm:<id>:<id>', async () => {
        await publisher.messages([storedMessage('dm-2-10', 1), storedMessage('my-dm:2', 1), storedMessage('event:2', 1)]);
        const seen = await subject.observed();
        expect(seen.users).toEqual({});
        expect(Object.keys(seen.rooms).sort()).toEqual(['dm-2-10', 'event:2', 'my-dm:2']);
      });

      it('sends what the messages were when it was called', async () => {
        const message = storedMessage('general', 1, { body: 'as sent' });
        const expected = messageNew({ ...message });
        const batch = [message];
        await publisher.messages(batch);
        message.body = 'changed later';
        batch.push(storedMessage('general', 2));
        expect((await subject.observed()).rooms).toEqual({ general: [expected] });
      });

      it('sends nothing for no messages', async () => {
        await publisher.messages([]);
        expect(await subject.observed()).toEqual({ rooms: {}, users: {}, control: [] });
      });
    });

    describe('toRoom', () => {
      it('sends an unsequenced {type, payload} frame to the edges holding the room, and no one else', async () => {
        await publisher.toRoom('general', 'room:presence', { room: 'general', user_id: '7', action: 'join' });
        await publisher.toRoom('dm:2:10', 'message:read', { room: 'dm:2:10', user_id: '2', seq: 4 });
        const seen = await subject.observed();
        expect(seen.rooms).toEqual({
          general: [{ frame: { type: 'room:presence', payload: { room: 'general', user_id: '7', action: 'join' } } }],
          'dm:2:10': [{ frame: { type: 'message:read', payload: { room: 'dm:2:10', user_id: '2', seq: 4 } } }],
        });
        expect(seen.rooms.general[0].seq).toBeUndefined();
        // Not even to the users of a direct room: ephemeral frames reach joined sockets only.
        expect(seen.users).toEqual({});
        expect(seen.control).toEqual([]);
      });

      it('keeps the frames of one room in the order sent', async () => {
        for (let i = 1; i <= 5; i++) await publisher.toRoom('general', 'message:typing', { room: 'general', user_id: String(i) });
        const seen = await subject.observed();
        expect(seen.rooms.general.map((f) => (f.frame as { payload: { user_id: string } }).payload.user_id)).toEqual(['1', '2', '3', '4', '5']);
      });

      it('sends the payload as it was when called', async () => {
        const payload = { room: 'general', user_id: '7', seq: 3 };
        await publisher.toRoom('general', 'message:read', payload);
        payload.seq = 99;
        expect((await subject.observed()).rooms.general).toEqual([{ frame: { type: 'message:read', payload: { room: 'general', user_id: '7', seq: 3 } } }]);
      });
    });

    describe('roomRemoved', () => {
      it('tells every edge {type: room_removed, room, user_id}, and sends nothing to the room or the user', async () => {
        await publisher.roomRemoved('secret', '7');
        await publisher.roomRemoved('dm:2:10', '10');
        const seen = await subject.observed();
        expect(seen.control).toEqual([
          { type: 'room_removed', room: 'secret', user_id: '7' },
          { type: 'room_removed', room: 'dm:2:10', user_id: '10' },
        ]);
        expect(seen.rooms).toEqual({});
        expect(seen.users).toEqual({});
      });
    });
  });
}

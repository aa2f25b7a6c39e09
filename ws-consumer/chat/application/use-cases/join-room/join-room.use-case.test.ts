import { randomUUID } from 'node:crypto';
import { MessageSchema } from '#contracts/chat/ws-frames';
import { ChatError } from '../../../domain/chat.errors';
import type { StoredMessage } from '../../../domain/message.entity';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { JoinRoomUseCase, type JoinRequest } from './join-room.use-case';

describe('JoinRoomUseCase', () => {
  let core: InMemoryChat;
  let joinRoom: JoinRoomUseCase;
  let connections = 0;

  /** Stores `count` messages in `room` and answers them as stored. */
  async function post(room: string, count: number, senderId = '1'): Promise<StoredMessage[]> {
    const batch = Array.from({ length: count }, (_, i) => ({ messageId: randomUUID(), room, senderId, body: `${room} ${i + 1}`, clientMsgId: randomUUID(), streamSeq: i + 1 }));
    return (await core.messages.persistBatch(batch)).stored;
  }

  /** A join of `room` by `userId` (null: a guest) on a new connection, unless one is given. */
  const join = (room: string, userId: string | null, more: Partial<JoinRequest> = {}) =>
    joinRoom.run({ room, userId, connectionId: `conn-${++connections}`, recoveryMax: 500, ...more });

  async function refused(attempt: Promise<unknown>, code: string): Promise<void> {
    await expect(attempt).rejects.toBeInstanceOf(ChatError);
    await expect(attempt).rejects.toMatchObject({ code });
  }

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    joinRoom = core.container.resolve(JoinRoomUseCase);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, []);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '1' }, ['1', '2']);
    await core.rooms.create({ name: 'event:9', visibility: 'event', createdBy: null }, []);
  });

  describe('who may join', () => {
    it('admits anyone signed in to a public room, member or not, and guests', async () => {
      for (const userId of ['1', '3', null]) expect(await join('lobby', userId)).toEqual({ room: 'lobby', last_seq: 0, recovered: true, missed: [] });
      expect(await core.rooms.isMember('lobby', '3')).toBe(false);
    });

    it('admits members of a private room and refuses others and guests with ROOM.FORBIDDEN', async () => {
      expect(await join('secret', '2')).toMatchObject({ room: 'secret' });
      await refused(join('secret', '3'), 'ROOM.FORBIDDEN');
      await refused(join('secret', null), 'ROOM.FORBIDDEN');
    });

    it('admits everyone to event rooms, guests included', async () => {
      expect(await join('event:9', '3')).toMatchObject({ room: 'event:9', last_seq: 0 });
      expect(await join('event:9', null)).toMatchObject({ room: 'event:9', last_seq: 0 });
    });

    it('refuses an event room ticketing never created with ROOM.NOT_FOUND, and makes none', async () => {
      await refused(join('event:10', '3'), 'ROOM.NOT_FOUND');
      await refused(join('event:10', null), 'ROOM.NOT_FOUND');
      expect(await core.rooms.find('event:10')).toBeNull();
    });

    it('opens a direct room to its two participants (creating it on first use) and to nobody else', async () => {
      await refused(join('dm:1:2', '3'), 'ROOM.NOT_FOUND');
      await refused(join('dm:1:2', null), 'ROOM.NOT_FOUND');
      expect(await core.rooms.find('dm:1:2')).toBeNull();
      expect(await join('dm:1:2', '2')).toMatchObject({ room: 'dm:1:2', last_seq: 0 });
      expect(await core.rooms.listMembers('dm:1:2')).toEqual(['1', '2']);
      expect(await join('dm:1:2', '1')).toMatchObject({ room: 'dm:1:2' });
      await refused(join('dm:1:2', '3'), 'ROOM.FORBIDDEN');
      await refused(join('dm:1:2', null), 'ROOM.FORBIDDEN');
      // One pair, one room: another spelling is no room at all, not a second conversation.
      await refused(join('dm:2:1', '2'), 'ROOM.NOT_FOUND');
      await refused(join('dm:01:2', '2'), 'ROOM.NOT_FOUND');
      expect(await core.rooms.find('dm:2:1')).toBeNull();
    });

    it('refuses an unknown room with ROOM.NOT_FOUND, for users and guests', async () => {
      await refused(join('nowhere', '1'), 'ROOM.NOT_FOUND');
      await refused(join('nowhere', null), 'ROOM.NOT_FOUND');
    });

    it('leaves no presence and announces nothing when it refuses', async () => {
      await refused(join('secret', '3'), 'ROOM.FORBIDDEN');
      await refused(join('nowhere', '3'), 'ROOM.NOT_FOUND');
      expect(await core.presence.list('secret')).toEqual([]);
      expect(core.delivery.calls).toEqual([]);
    });
  });

  describe('last_seq and recovery', () => {
    let stored: StoredMessage[];
    const view = (m: StoredMessage) => ({
      message_id: m.messageId,
      room: m.room,
      seq: m.seq,
      sender_id: m.senderId,
      body: m.body,
      client_msg_id: m.clientMsgId,
      created_at: m.createdAt.toISOString(),
    });

    beforeEach(async () => {
      stored = await post('lobby', 10);
      await post('secret', 3);
    });

    it('answers the room’s last_seq, with nothing recovered when no since_seq is given', async () => {
      expect(await join('lobby', '3')).toEqual({ room: 'lobby', last_seq: 10, recovered: true, missed: [] });
      expect(await join('secret', '1')).toEqual({ room: 'secret', last_seq: 3, recovered: true, missed: [] });
    });

    it('recovers every message after since_seq up to last_seq, oldest first, in the shared Message shape', async () => {
      const answer = await join('lobby', '3', { sinceSeq: 6 });
      expect(answer).toEqual({ room: 'lobby', last_seq: 10, recovered: true, missed: stored.slice(6).map(view) });
      for (const message of answer.missed) expect(MessageSchema.parse(message)).toEqual(message);
    });

    it('recovers everything from since_seq 0, for guests too', async () => {
      expect((await join('lobby', null, { sinceSeq: 0 })).missed.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('recovers nothing, successfully, when since_seq is last_seq or beyond', async () => {
      expect(await join('lobby', '3', { sinceSeq: 10 })).toEqual({ room: 'lobby', last_seq: 10, recovered: true, missed: [] });
      expect(await join('lobby', '3', { sinceSeq: 99 })).toEqual({ room: 'lobby', last_seq: 10, recovered: true, missed: [] });
    });

    it('recovers up to recovery_max missing messages, all of them', async () => {
      const answer = await join('lobby', '3', { sinceSeq: 6, recoveryMax: 4 });
      expect(answer).toMatchObject({ recovered: true, last_seq: 10 });
      expect(answer.missed.map((m) => m.seq)).toEqual([7, 8, 9, 10]);
    });

    it('answers recovered:false with no messages at all when more than recovery_max are missing', async () => {
      expect(await join('lobby', '3', { sinceSeq: 5, recoveryMax: 4 })).toEqual({ room: 'lobby', last_seq: 10, recovered: false, missed: [] });
      expect(await join('lobby', '3', { sinceSeq: 0, recoveryMax: 0 })).toEqual({ room: 'lobby', last_seq: 10, recovered: false, missed: [] });
    });

    it('recovers only up to the last_seq it answers, though messages arrive while it reads', async () => {
      // A message is stored between the join reading the room and reading the store: the edge
      // gets it live after last_seq, so recovering it as well would deliver it twice.
      const range = core.messages.range.bind(core.messages);
      jest.spyOn(core.messages, 'range').mockImplementationOnce(async (...args) => {
        await post('lobby', 1, '2');
        return range(...args);
      });
      const answer = await join('lobby', '3', { sinceSeq: 8 });
      expect(answer.last_seq).toBe(10);
      expect(answer.missed.map((m) => m.seq)).toEqual([9, 10]);
      expect((await core.rooms.find('lobby'))?.lastSeq).toBe(11);
    });

    it('keeps rooms apart', async () => {
      const answer = await join('secret', '2', { sinceSeq: 0 });
      expect(answer.missed.map((m) => [m.room, m.seq])).toEqual([
        ['secret', 1],
        ['secret', 2],
        ['secret', 3],
      ]);
    });
  });

  describe('presence', () => {
    const announcedJoin = (room: string, userId: string) => ({ room, type: 'room:presence', payload: { room, user_id: userId, action: 'join' } });

    it('marks the connection present and announces the user’s first connection to the room', async () => {
      await join('lobby', '3', { connectionId: 'a' });
      expect(await core.presence.list('lobby')).toEqual(['3']);
      expect(core.delivery.roomFrames).toEqual([announcedJoin('lobby', '3')]);
    });

    it('does not announce further connections of a user already present, but counts them', async () => {
      await join('lobby', '3', { connectionId: 'a' });
      await join('lobby', '3', { connectionId: 'b' });
      await join('lobby', '2', { connectionId: 'c' });
      expect(core.delivery.roomFrames).toEqual([announcedJoin('lobby', '3'), announcedJoin('lobby', '2')]);
      // The second connection is present on its own: the user stays after the first one leaves.
      await core.presence.leave({ room: 'lobby', userId: '3', connectionId: 'a' });
      expect(await core.presence.list('lobby')).toEqual(['2', '3']);
    });

    it('announces a user to each room they join', async () => {
      await join('lobby', '1', { connectionId: 'a' });
      await join('secret', '1', { connectionId: 'a' });
      expect(core.delivery.roomFrames).toEqual([announcedJoin('lobby', '1'), announcedJoin('secret', '1')]);
    });

    it('never counts or announces guests', async () => {
      await join('lobby', null, { connectionId: 'g' });
      await join('event:9', null, { connectionId: 'g' });
      expect(await core.presence.list('lobby')).toEqual([]);
      expect(await core.presence.list('event:9')).toEqual([]);
      expect(core.delivery.calls).toEqual([]);
    });

    it('announces under the room’s own name a direct room made by the join', async () => {
      await join('dm:1:2', '1', { connectionId: 'a' });
      expect(core.delivery.roomFrames).toEqual([announcedJoin('dm:1:2', '1')]);
      expect(await core.presence.list('dm:1:2')).toEqual(['1']);
    });
  });
});

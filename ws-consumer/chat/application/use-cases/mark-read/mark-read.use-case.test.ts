import { randomUUID } from 'node:crypto';
import { ChatError } from '../../../domain/chat.errors';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { MarkReadUseCase } from './mark-read.use-case';

describe('MarkReadUseCase', () => {
  let core: InMemoryChat;
  let markRead: MarkReadUseCase;

  async function post(room: string, count: number): Promise<void> {
    const batch = Array.from({ length: count }, (_, i) => ({ messageId: randomUUID(), room, senderId: '1', body: `message ${i + 1}`, clientMsgId: randomUUID(), streamSeq: i + 1 }));
    await core.messages.persistBatch(batch);
  }

  /** The marker stored for the user (saving 0 never moves it, and answers what is stored). */
  const storedMarker = (room: string, userId: string) => core.rooms.saveReadMarker(room, userId, 0);

  const announced = (room: string, userId: string, seq: number) => ({ room, type: 'message:read', payload: { room, user_id: userId, seq } });

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    markRead = core.container.resolve(MarkReadUseCase);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, []);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '1' }, ['1', '2']);
    await post('lobby', 10);
    await post('secret', 4);
  });

  it('stores how far the user has read, answers it and tells the room with message:read', async () => {
    expect(await markRead.run({ room: 'lobby', userId: '3', seq: 7 })).toEqual({ room: 'lobby', seq: 7 });
    expect(await storedMarker('lobby', '3')).toBe(7);
    expect(core.delivery.roomFrames).toEqual([announced('lobby', '3', 7)]);
  });

  it('never moves the marker backwards: an older seq answers and announces the stored one', async () => {
    await markRead.run({ room: 'lobby', userId: '3', seq: 7 });
    expect(await markRead.run({ room: 'lobby', userId: '3', seq: 4 })).toEqual({ room: 'lobby', seq: 7 });
    expect(await markRead.run({ room: 'lobby', userId: '3', seq: 9 })).toEqual({ room: 'lobby', seq: 9 });
    expect(await storedMarker('lobby', '3')).toBe(9);
    expect(core.delivery.roomFrames).toEqual([announced('lobby', '3', 7), announced('lobby', '3', 7), announced('lobby', '3', 9)]);
  });

  it('caps the marker at the room’s last_seq', async () => {
    expect(await markRead.run({ room: 'lobby', userId: '3', seq: 50 })).toEqual({ room: 'lobby', seq: 10 });
    expect(await storedMarker('lobby', '3')).toBe(10);
    expect(core.delivery.roomFrames).toEqual([announced('lobby', '3', 10)]);
    // New messages let it move on.
    await post('lobby', 5);
    expect(await markRead.run({ room: 'lobby', userId: '3', seq: 50 })).toEqual({ room: 'lobby', seq: 15 });
  });

  it('keeps 0 in an empty room, whatever seq is asked for', async () => {
    await core.rooms.create({ name: 'quiet', visibility: 'public', createdBy: '1' }, []);
    expect(await markRead.run({ room: 'quiet', userId: '2', seq: 3 })).toEqual({ room: 'quiet', seq: 0 });
  });

  it('keeps markers per user and per room', async () => {
    await markRead.run({ room: 'lobby', userId: '1', seq: 8 });
    await markRead.run({ room: 'lobby', userId: '2', seq: 3 });
    await markRead.run({ room: 'secret', userId: '1', seq: 2 });
    expect([await storedMarker('lobby', '1'), await storedMarker('lobby', '2'), await storedMarker('secret', '1')]).toEqual([8, 3, 2]);
  });

  it('needs only read access: members of a private room, anyone in public and event rooms', async () => {
    await core.rooms.create({ name: 'event:9', visibility: 'event', createdBy: null }, []);
    expect(await markRead.run({ room: 'secret', userId: '2', seq: 4 })).toEqual({ room: 'secret', seq: 4 });
    expect(await markRead.run({ room: 'lobby', userId: '2', seq: 1 })).toEqual({ room: 'lobby', seq: 1 });
    expect(await markRead.run({ room: 'event:9', userId: '3', seq: 0 })).toEqual({ room: 'event:9', seq: 0 });
  });

  it('refuses a non-member of a private room with ROOM.FORBIDDEN, storing and announcing nothing', async () => {
    const attempt = markRead.run({ room: 'secret', userId: '3', seq: 2 });
    await expect(attempt).rejects.toBeInstanceOf(ChatError);
    await expect(attempt).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
    expect(await storedMarker('secret', '3')).toBe(0);
    expect(core.delivery.calls).toEqual([]);
  });

  it('refuses a third user in a direct room and an unknown room, announcing nothing', async () => {
    await core.rooms.ensureDirect('dm:1:2', '1', '2');
    await expect(markRead.run({ room: 'dm:1:2', userId: '3', seq: 0 })).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
    await expect(markRead.run({ room: 'nowhere', userId: '1', seq: 0 })).rejects.toMatchObject({ code: 'ROOM.NOT_FOUND' });
    expect(core.delivery.calls).toEqual([]);
  });
});

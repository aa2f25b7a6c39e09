import { ChatError } from '../../../domain/chat.errors';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { RemoveMemberUseCase } from './remove-member.use-case';

describe('RemoveMemberUseCase', () => {
  let core: InMemoryChat;
  let removeMember: RemoveMemberUseCase;

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    removeMember = core.container.resolve(RemoveMemberUseCase);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '1' }, ['1', '2']);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, ['1', '2']);
    await core.rooms.create({ name: 'event:9', visibility: 'event', createdBy: null }, []);
    await core.rooms.ensureDirect('dm:1:2', '1', '2');
  });

  it('lets a member of a private room remove another, and has the edges take them out of the room', async () => {
    await removeMember.run({ actorId: '1', room: 'secret', userId: '2' });
    expect(await core.rooms.listMembers('secret')).toEqual(['1']);
    expect(core.delivery.removed).toEqual([{ room: 'secret', userId: '2' }]);
  });

  it('lets a member leave a private room', async () => {
    await removeMember.run({ actorId: '2', room: 'secret', userId: '2' });
    expect(await core.rooms.isMember('secret', '2')).toBe(false);
    expect(core.delivery.removed).toEqual([{ room: 'secret', userId: '2' }]);
  });

  it('refuses a non-member of a private room with ROOM.FORBIDDEN, and tells no edge', async () => {
    const attempt = removeMember.run({ actorId: '3', room: 'secret', userId: '2' });
    await expect(attempt).rejects.toBeInstanceOf(ChatError);
    await expect(attempt).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
    expect(await core.rooms.isMember('secret', '2')).toBe(true);
    expect(core.delivery.calls).toEqual([]);
  });

  it('lets a user leave a public room without taking their sockets out (they may still read it)', async () => {
    await removeMember.run({ actorId: '2', room: 'lobby', userId: '2' });
    expect(await core.rooms.listMembers('lobby')).toEqual(['1']);
    expect(core.delivery.calls).toEqual([]);
  });

  it('refuses removing someone else from a public room with ROOM.FORBIDDEN', async () => {
    await expect(removeMember.run({ actorId: '1', room: 'lobby', userId: '2' })).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
    expect(await core.rooms.isMember('lobby', '2')).toBe(true);
  });

  it.each(['dm:1:2', 'event:9'])('refuses to change the members of %s with ROOM.FORBIDDEN, even leaving oneself', async (room) => {
    await expect(removeMember.run({ actorId: '1', room, userId: '1' })).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
    await expect(removeMember.run({ actorId: '1', room, userId: '2' })).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
    expect(core.delivery.calls).toEqual([]);
  });

  it('succeeds quietly when the user was not a member', async () => {
    await expect(removeMember.run({ actorId: '1', room: 'secret', userId: '3' })).resolves.toBeUndefined();
    expect(await core.rooms.listMembers('secret')).toEqual(['1', '2']);
  });

  it('refuses an unknown room with ROOM.NOT_FOUND', async () => {
    await expect(removeMember.run({ actorId: '1', room: 'nowhere', userId: '1' })).rejects.toMatchObject({ code: 'ROOM.NOT_FOUND' });
  });
});

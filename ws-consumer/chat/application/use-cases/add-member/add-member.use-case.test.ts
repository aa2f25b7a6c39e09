import { ChatError } from '../../../domain/chat.errors';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { AddMemberUseCase } from './add-member.use-case';

describe('AddMemberUseCase', () => {
  let core: InMemoryChat;
  let addMember: AddMemberUseCase;

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    addMember = core.container.resolve(AddMemberUseCase);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '1' }, ['1']);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, ['1']);
    await core.rooms.create({ name: 'event:9', visibility: 'event', createdBy: null }, []);
    await core.rooms.ensureDirect('dm:1:2', '1', '2');
  });

  it('lets a member of a private room add someone, once however often asked', async () => {
    await addMember.run({ actorId: '1', room: 'secret', userId: '2' });
    await addMember.run({ actorId: '1', room: 'secret', userId: '2' });
    expect(await core.rooms.listMembers('secret')).toEqual(['1', '2']);
  });

  it('lets the added member add others in turn', async () => {
    await addMember.run({ actorId: '1', room: 'secret', userId: '2' });
    await addMember.run({ actorId: '2', room: 'secret', userId: '3' });
    expect(await core.rooms.listMembers('secret')).toEqual(['1', '2', '3']);
  });

  it('refuses a non-member of a private room with ROOM.FORBIDDEN, even adding themself', async () => {
    for (const userId of ['3', '2']) {
      const attempt = addMember.run({ actorId: '2', room: 'secret', userId });
      await expect(attempt).rejects.toBeInstanceOf(ChatError);
      await expect(attempt).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
    }
    expect(await core.rooms.listMembers('secret')).toEqual(['1']);
  });

  it('lets any signed-in user record membership of a public room, their own or another’s', async () => {
    await addMember.run({ actorId: '2', room: 'lobby', userId: '2' });
    await addMember.run({ actorId: '2', room: 'lobby', userId: '3' });
    expect(await core.rooms.listMembers('lobby')).toEqual(['1', '2', '3']);
  });

  it.each(['dm:1:2', 'event:9'])('refuses to change the members of %s with ROOM.FORBIDDEN, even for a participant', async (room) => {
    await expect(addMember.run({ actorId: '1', room, userId: '3' })).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
    expect(await core.rooms.isMember(room, '3')).toBe(false);
  });

  it('refuses an unknown room with ROOM.NOT_FOUND and an unknown user with USER.NOT_FOUND', async () => {
    await expect(addMember.run({ actorId: '1', room: 'nowhere', userId: '2' })).rejects.toMatchObject({ code: 'ROOM.NOT_FOUND' });
    await expect(addMember.run({ actorId: '1', room: 'secret', userId: '404' })).rejects.toMatchObject({ code: 'USER.NOT_FOUND' });
  });
});

import { ChatError } from '../../../domain/chat.errors';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { ListMembersUseCase } from './list-members.use-case';

describe('ListMembersUseCase', () => {
  let core: InMemoryChat;
  let listMembers: ListMembersUseCase;

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3', '10'] });
    listMembers = core.container.resolve(ListMembersUseCase);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '10' }, ['10', '2', '1']);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, ['1']);
    await core.rooms.ensureDirect('dm:1:2', '1', '2');
  });

  it('lists a private room’s members, ascending, to a member', async () => {
    expect(await listMembers.run('2', 'secret')).toEqual({ items: ['1', '2', '10'] });
  });

  it('lists a public room’s recorded members to anyone signed in', async () => {
    expect(await listMembers.run('3', 'lobby')).toEqual({ items: ['1'] });
  });

  it.each(['secret', 'dm:1:2'])('never shows the members of %s to someone who may not read it', async (room) => {
    const attempt = listMembers.run('3', room);
    await expect(attempt).rejects.toBeInstanceOf(ChatError);
    await expect(attempt).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
  });

  it('lists a direct room’s two participants to either of them', async () => {
    expect(await listMembers.run('1', 'dm:1:2')).toEqual({ items: ['1', '2'] });
  });

  it('refuses an unknown room with ROOM.NOT_FOUND', async () => {
    await expect(listMembers.run('1', 'nowhere')).rejects.toMatchObject({ code: 'ROOM.NOT_FOUND' });
  });
});

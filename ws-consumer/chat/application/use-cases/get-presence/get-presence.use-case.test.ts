import { ChatError } from '../../../domain/chat.errors';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { GetPresenceUseCase } from './get-presence.use-case';

describe('GetPresenceUseCase', () => {
  let core: InMemoryChat;
  let getPresence: GetPresenceUseCase;

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    getPresence = core.container.resolve(GetPresenceUseCase);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '1' }, ['1', '2']);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, []);
    await core.rooms.create({ name: 'event:9', visibility: 'event', createdBy: null }, []);
    for (const [room, userId, connectionId] of [
      ['secret', '2', 'a'],
      ['secret', '2', 'b'],
      ['secret', '1', 'c'],
      ['lobby', '3', 'd'],
      ['event:9', '3', 'e'],
    ]) {
      await core.presence.join({ room, userId, connectionId });
    }
  });

  it('answers who is in a room, each user once, ascending', async () => {
    expect(await getPresence.run('1', 'secret')).toEqual({ items: ['1', '2'] });
  });

  it('answers public and event rooms to anyone signed in', async () => {
    expect(await getPresence.run('1', 'lobby')).toEqual({ items: ['3'] });
    expect(await getPresence.run('1', 'event:9')).toEqual({ items: ['3'] });
  });

  it('never shows who is in a room to someone who may not read it', async () => {
    const attempt = getPresence.run('3', 'secret');
    await expect(attempt).rejects.toBeInstanceOf(ChatError);
    await expect(attempt).rejects.toMatchObject({ code: 'ROOM.FORBIDDEN' });
  });

  it('refuses an unknown room with ROOM.NOT_FOUND', async () => {
    await expect(getPresence.run('1', 'nowhere')).rejects.toMatchObject({ code: 'ROOM.NOT_FOUND' });
  });
});

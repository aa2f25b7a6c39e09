import { ChatError } from '../../../domain/chat.errors';
import { translateChatError } from '../../../adapters/inbound/chat-error.translator';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { AuthorizeSendUseCase } from './authorize-send.use-case';

describe('AuthorizeSendUseCase', () => {
  let core: InMemoryChat;
  let authorize: AuthorizeSendUseCase;

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3', '10'] });
    authorize = core.container.resolve(AuthorizeSendUseCase);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, ['1']);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '1' }, ['1', '2']);
    await core.rooms.create({ name: 'event:9', visibility: 'event', createdBy: null }, []);
  });

  /** The rejection of `attempt`, checked to be a ChatError with `code` (and, when given, the client error kind it becomes). */
  async function refusal(attempt: Promise<unknown>, code: string, kind?: string): Promise<void> {
    await expect(attempt).rejects.toBeInstanceOf(ChatError);
    await expect(attempt).rejects.toMatchObject({ code });
    if (kind) expect(translateChatError(await attempt.catch((e: unknown) => e))?.kind).toBe(kind);
  }

  it('lets any signed-in user post to a public room, member or not, and names the room', async () => {
    await expect(authorize.run({ room: 'lobby', userId: '1' })).resolves.toEqual({ room: 'lobby' });
    await expect(authorize.run({ room: 'lobby', userId: '3' })).resolves.toEqual({ room: 'lobby' });
    // Posting is not joining: the sender did not become a member.
    expect(await core.rooms.isMember('lobby', '3')).toBe(false);
  });

  it('lets members post to a private room and refuses everyone else with ROOM.FORBIDDEN (forbidden)', async () => {
    await expect(authorize.run({ room: 'secret', userId: '2' })).resolves.toEqual({ room: 'secret' });
    await refusal(authorize.run({ room: 'secret', userId: '3' }), 'ROOM.FORBIDDEN', 'forbidden');
  });

  it('refuses a member who was removed from a private room', async () => {
    await core.rooms.removeMember('secret', '2');
    await refusal(authorize.run({ room: 'secret', userId: '2' }), 'ROOM.FORBIDDEN');
  });

  it('refuses an unknown room with ROOM.NOT_FOUND (not_found) and creates nothing', async () => {
    await refusal(authorize.run({ room: 'nowhere', userId: '1' }), 'ROOM.NOT_FOUND', 'not_found');
    expect(await core.rooms.find('nowhere')).toBeNull();
  });

  describe('direct rooms', () => {
    it('creates dm:<a>:<b> on first use by either participant, with exactly the two of them as members', async () => {
      expect(await core.rooms.find('dm:2:10')).toBeNull();
      await expect(authorize.run({ room: 'dm:2:10', userId: '10' })).resolves.toEqual({ room: 'dm:2:10' });
      expect(await core.rooms.find('dm:2:10')).toMatchObject({ name: 'dm:2:10', visibility: 'direct', lastSeq: 0 });
      expect(await core.rooms.listMembers('dm:2:10')).toEqual(['2', '10']);
      // The other participant posts to the same room.
      await expect(authorize.run({ room: 'dm:2:10', userId: '2' })).resolves.toEqual({ room: 'dm:2:10' });
      expect(await core.rooms.listMembers('dm:2:10')).toEqual(['2', '10']);
    });

    it('refuses a third user: ROOM.NOT_FOUND before the two have used the room (creating nothing), ROOM.FORBIDDEN after', async () => {
      await refusal(authorize.run({ room: 'dm:1:2', userId: '3' }), 'ROOM.NOT_FOUND', 'not_found');
      expect(await core.rooms.find('dm:1:2')).toBeNull();
      await authorize.run({ room: 'dm:1:2', userId: '1' });
      await refusal(authorize.run({ room: 'dm:1:2', userId: '3' }), 'ROOM.FORBIDDEN', 'forbidden');
      expect(await core.rooms.listMembers('dm:1:2')).toEqual(['1', '2']);
    });

    it('never makes a direct room with oneself', async () => {
      await refusal(authorize.run({ room: 'dm:1:1', userId: '1' }), 'ROOM.NOT_FOUND');
      expect(await core.rooms.find('dm:1:1')).toBeNull();
    });

    it('refuses a direct room with an unknown user with USER.NOT_FOUND and creates nothing', async () => {
      await refusal(authorize.run({ room: 'dm:1:404', userId: '1' }), 'USER.NOT_FOUND', 'not_found');
      expect(await core.rooms.find('dm:1:404')).toBeNull();
    });
  });

  describe('event rooms', () => {
    it('refuses everyone with ROOM.READ_ONLY (forbidden), however they relate to the room', async () => {
      for (const userId of ['1', '2', '3']) await refusal(authorize.run({ room: 'event:9', userId }), 'ROOM.READ_ONLY', 'forbidden');
    });

    it('refuses posting to an event room ticketing never created with ROOM.NOT_FOUND, and makes none', async () => {
      await refusal(authorize.run({ room: 'event:77', userId: '1' }), 'ROOM.NOT_FOUND', 'not_found');
      expect(await core.rooms.find('event:77')).toBeNull();
    });
  });
});

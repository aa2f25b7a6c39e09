import { ChatError } from '../../../domain/chat.errors';
import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { CreateRoomUseCase } from './create-room.use-case';
import { CreateRoomRequestSchema } from './create-room.schema';

describe('CreateRoomUseCase', () => {
  let core: InMemoryChat;
  let createRoom: CreateRoomUseCase;

  beforeEach(() => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    createRoom = core.container.resolve(CreateRoomUseCase);
  });

  it('creates the room and answers it as clients see it', async () => {
    const room = await createRoom.run('1', { name: 'general', visibility: 'public' });
    expect(room).toEqual({ name: 'general', visibility: 'public', last_seq: 0, created_at: expect.any(String) });
    expect(new Date(room.created_at).toISOString()).toBe(room.created_at);
    expect(await core.rooms.find('general')).toMatchObject({ visibility: 'public', createdBy: '1' });
  });

  it('makes the creator a member, with the members asked for, each once', async () => {
    await createRoom.run('2', { name: 'team', visibility: 'private', members: ['3', '2', '3'] });
    expect(await core.rooms.listMembers('team')).toEqual(['2', '3']);
  });

  it('refuses a taken name with ROOM.ALREADY_EXISTS', async () => {
    await createRoom.run('1', { name: 'general', visibility: 'public' });
    const attempt = createRoom.run('2', { name: 'general', visibility: 'private' });
    await expect(attempt).rejects.toBeInstanceOf(ChatError);
    await expect(attempt).rejects.toMatchObject({ code: 'ROOM.ALREADY_EXISTS' });
  });

  it.each(['dm:1:2', 'dm:x', 'event:42', 'event:'])('refuses the reserved name %s with ROOM.INVALID', async (name) => {
    await expect(createRoom.run('1', { name, visibility: 'public' })).rejects.toMatchObject({ code: 'ROOM.INVALID' });
    expect(await core.rooms.find(name)).toBeNull();
  });

  it('allows names that merely contain a reserved word', async () => {
    await expect(createRoom.run('1', { name: 'my-dm:notes', visibility: 'private' })).resolves.toMatchObject({ name: 'my-dm:notes' });
    await expect(createRoom.run('1', { name: 'events', visibility: 'public' })).resolves.toMatchObject({ name: 'events' });
  });

  it('refuses an unknown member with USER.NOT_FOUND and creates nothing', async () => {
    await expect(createRoom.run('1', { name: 'team', visibility: 'private', members: ['404'] })).rejects.toMatchObject({ code: 'USER.NOT_FOUND' });
    expect(await core.rooms.find('team')).toBeNull();
  });
});

describe('CreateRoomRequestSchema', () => {
  const valid = { name: 'general', visibility: 'public' };

  it('accepts a name, a visibility and optional member ids', () => {
    expect(CreateRoomRequestSchema.parse({ ...valid, members: ['42'] })).toEqual({ ...valid, members: ['42'] });
  });

  it.each([
    ['an upper-case name', { ...valid, name: 'General' }],
    ['a name with a dot', { ...valid, name: 'a.b' }],
    ['a name starting with a dash', { ...valid, name: '-a' }],
    ['a name of 65 characters', { ...valid, name: 'a'.repeat(65) }],
    ['direct visibility', { ...valid, visibility: 'direct' }],
    ['event visibility', { ...valid, visibility: 'event' }],
    ['a non-numeric member', { ...valid, members: ['alice'] }],
    ['an unknown field', { ...valid, topic: 'x' }],
  ])('refuses %s', (_, body) => {
    expect(CreateRoomRequestSchema.safeParse(body).success).toBe(false);
  });
});

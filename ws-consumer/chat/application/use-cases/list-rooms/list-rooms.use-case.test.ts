import { createInMemoryChatContainer, type InMemoryChat } from '../../../adapters/outbound/memory/in-memory-chat.container';
import { ListRoomsUseCase } from './list-rooms.use-case';
import { ListRoomsQuerySchema } from './list-rooms.schema';

describe('ListRoomsUseCase', () => {
  let core: InMemoryChat;
  let listRooms: ListRoomsUseCase;

  beforeEach(async () => {
    core = createInMemoryChatContainer({ users: ['1', '2', '3'] });
    listRooms = core.container.resolve(ListRoomsUseCase);
    await core.rooms.create({ name: 'lobby', visibility: 'public', createdBy: '1' }, []);
    await core.rooms.create({ name: 'event:9', visibility: 'event', createdBy: null }, []);
    await core.rooms.create({ name: 'secret', visibility: 'private', createdBy: '1' }, ['1', '2']);
    await core.rooms.ensureDirect('dm:1:3', '1', '3');
  });

  const names = (list: { items: { name: string }[] }) => list.items.map((r) => r.name);

  it('lists the rooms the caller may read, by name, as clients see them', async () => {
    const all = await listRooms.run('1', { limit: 50 });
    expect(names(all)).toEqual(['dm:1:3', 'event:9', 'lobby', 'secret']);
    expect(all.items[2]).toEqual({ name: 'lobby', visibility: 'public', last_seq: 0, created_at: expect.any(String) });
    expect(all).not.toHaveProperty('next_cursor');
  });

  it('never lists private or direct rooms to non-members', async () => {
    expect(names(await listRooms.run('2', { limit: 50 }))).toEqual(['event:9', 'lobby', 'secret']);
    expect(names(await listRooms.run('3', { limit: 50 }))).toEqual(['dm:1:3', 'event:9', 'lobby']);
  });

  it('pages with next_cursor until the last page, which has none', async () => {
    const first = await listRooms.run('1', { limit: 3 });
    expect(names(first)).toEqual(['dm:1:3', 'event:9', 'lobby']);
    expect(first.next_cursor).toBe('lobby');
    const second = await listRooms.run('1', { cursor: first.next_cursor, limit: 3 });
    expect(names(second)).toEqual(['secret']);
    expect(second).not.toHaveProperty('next_cursor');
  });

  it('reads an empty cursor as the first page', async () => {
    expect(names(await listRooms.run('1', { cursor: '', limit: 1 }))).toEqual(['dm:1:3']);
  });

  it('shows the newest seq of each room', async () => {
    core.rooms.nextSeq('lobby');
    core.rooms.nextSeq('lobby');
    expect((await listRooms.run('2', { limit: 50 })).items.find((r) => r.name === 'lobby')?.last_seq).toBe(2);
  });
});

describe('ListRoomsQuerySchema', () => {
  it('reads the limit from text, 50 by default, 1 to 200', () => {
    expect(ListRoomsQuerySchema.parse({})).toMatchObject({ limit: 50 });
    expect(ListRoomsQuerySchema.parse({ limit: '' })).toMatchObject({ limit: 50 });
    expect(ListRoomsQuerySchema.parse({ limit: '7', cursor: 'lobby' })).toEqual({ limit: 7, cursor: 'lobby' });
    for (const limit of ['0', '201', '1.5', 'ten']) expect(ListRoomsQuerySchema.safeParse({ limit }).success).toBe(false);
  });
});

import { describeRoomRepositoryContract } from '../../../application/ports/room-repository.contract';
import { InMemoryRoomRepository } from './in-memory-room.repository';

// The fake passes the very suite PgRoomRepository passes (pg-room.repository.int.test.ts).
describeRoomRepositoryContract('InMemoryRoomRepository', async () => {
  const repo = new InMemoryRoomRepository();
  let next = 1;
  return {
    repo,
    newUser: async () => {
      const id = String(next++);
      repo.addUser(id);
      return id;
    },
    unknownUserId: '999999999999',
  };
});

describe('InMemoryRoomRepository', () => {
  it('knows the users it was given, and only those', async () => {
    const repo = new InMemoryRoomRepository(['1', '2']);
    await expect(repo.create({ name: 'r', visibility: 'private', createdBy: '1' }, ['1', '2'])).resolves.toMatchObject({ name: 'r' });
    await expect(repo.addMember('r', '3')).rejects.toMatchObject({ code: 'USER.NOT_FOUND' });
  });

  it('hands out each room’s message numbers in turn, visible as lastSeq', async () => {
    const repo = new InMemoryRoomRepository(['1']);
    await repo.create({ name: 'r', visibility: 'public', createdBy: '1' }, []);
    expect([repo.nextSeq('r'), repo.nextSeq('r')]).toEqual([1, 2]);
    expect((await repo.find('r'))?.lastSeq).toBe(2);
    expect(repo.nextSeq('unknown')).toBeUndefined();
  });

  it('hands out copies, so callers cannot change stored rooms', async () => {
    const repo = new InMemoryRoomRepository(['1']);
    const created = await repo.create({ name: 'r', visibility: 'public', createdBy: '1' }, []);
    created.lastSeq = 99;
    (await repo.find('r'))!.visibility = 'private';
    expect(await repo.find('r')).toMatchObject({ visibility: 'public', lastSeq: 0 });
  });
});

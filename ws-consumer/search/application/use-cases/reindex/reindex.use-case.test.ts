import 'reflect-metadata';
import { createInMemorySearchContainer } from '../../../adapters/outbound/memory/in-memory-search.container';
import { ReindexUseCase } from './reindex.use-case';

describe('ReindexUseCase', () => {
  it('writes every source record in batches, reporting progress, and doubles nothing when run again', async () => {
    const { container, index, records } = createInMemorySearchContainer();
    for (let i = 1; i <= 4_500; i++) records.userRecords.push({ userId: String(i), username: `user${i}`, email: `u${i}@example.com`, phone: null });
    const progress: [number, number][] = [];
    const reindex = container.resolve(ReindexUseCase);
    expect(await reindex.run('users', (done, total) => progress.push([done, total]))).toBe(4_500);
    expect(progress).toEqual([[2_000, 4_500], [4_000, 4_500], [4_500, 4_500]]);
    expect(await reindex.run('users')).toBe(4_500);
    expect(await index.count('users')).toBe(4_500);
  });
});

import 'reflect-metadata';
import type { MessageDocument, RoomVisibility } from '../../../domain/search-documents';
import { SearchError } from '../../../domain/search.errors';
import { createInMemorySearchContainer } from '../../../adapters/outbound/memory/in-memory-search.container';
import { SearchMessagesUseCase } from './search-messages.use-case';

const doc = (room: string, body: string, visibility: RoomVisibility): MessageDocument => ({ messageId: `00000000-0000-8000-8000-${room.length}${body.length}`.padEnd(36, '0'), room, seq: 1, senderId: '7', body, createdAt: new Date(0), visibility });

describe('SearchMessagesUseCase', () => {
  it('shows a closed room to its members as the memberships are now, and snippets as escaped HTML', async () => {
    const { container, index, records } = createInMemorySearchContainer();
    await index.indexMessages([doc('secret', 'plans <b>&</b> plots', 'private'), doc('lobby', 'plans for all', 'public')]);
    const search = container.resolve(SearchMessagesUseCase);
    const rooms = async (userId: string) => (await search.run(userId, { q: 'PLANS', limit: 20 })).items.map((m) => m.room).sort();
    records.members.set('secret', new Set(['1']));
    expect(await rooms('1')).toEqual(['lobby', 'secret']);
    expect(await rooms('2')).toEqual(['lobby']);
    const [hit] = (await search.run('1', { q: 'plans', room: 'secret', limit: 20 })).items;
    expect(hit.snippet).toBe('<mark>plans</mark> &lt;b&gt;&amp;&lt;/b&gt; plots');
    records.members.get('secret')?.delete('1');
    expect(await rooms('1')).toEqual(['lobby']);
  });

  it('refuses an empty or too long query with SEARCH.BAD_QUERY', async () => {
    const search = createInMemorySearchContainer().container.resolve(SearchMessagesUseCase);
    await expect(search.run('1', { q: '   ', limit: 20 })).rejects.toBeInstanceOf(SearchError);
    await expect(search.run('1', { q: 'x'.repeat(201), limit: 20 })).rejects.toThrow('at most 200 characters');
  });
});

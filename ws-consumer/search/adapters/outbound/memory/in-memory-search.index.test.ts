import { describeSearchIndexContract } from '../../../application/ports/search-index.contract';
import { InMemorySearchIndex } from './in-memory-search.index';

describeSearchIndexContract('in memory', async () => {
  const index = new InMemorySearchIndex();
  return { index, clear: async () => index.clear() };
});

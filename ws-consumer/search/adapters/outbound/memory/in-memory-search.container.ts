import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import * as T from '../../../tokens';
import { InMemorySearchIndex } from './in-memory-search.index';
import { InMemoryChatRecords } from './in-memory-chat-records';

/** A child container with every search port bound to an in-memory fake, for the use cases' unit tests. */
export function createInMemorySearchContainer(): { container: DependencyContainer; index: InMemorySearchIndex; records: InMemoryChatRecords } {
  const index = new InMemorySearchIndex();
  const records = new InMemoryChatRecords();
  const c = rootContainer.createChildContainer();
  c.register(T.SEARCH_INDEX, { useValue: index });
  c.register(T.STORED_MESSAGES, { useValue: records });
  c.register(T.PERSIST_PROGRESS, { useValue: records });
  c.register(T.ROOM_MEMBERSHIP, { useValue: records });
  c.register(T.SEARCH_SOURCES, { useValue: records });
  return { container: c, index, records };
}

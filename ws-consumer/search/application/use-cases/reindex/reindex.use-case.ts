import { inject, injectable } from 'tsyringe';
import type { SearchIndexName } from '../../../domain/search-documents';
import type { SearchIndexPort } from '../../ports/search-index.port';
import type { SearchSourcesPort, SourceBatch } from '../../ports/search-sources.port';
import { SEARCH_INDEX, SEARCH_SOURCES } from '../../../tokens';

/** Progress of a reindex: documents written so far of about `total`. */
export type ReindexProgress = (done: number, total: number) => void;

const BATCH = 2_000;

/**
 * Rebuilds one index from its source records, in key order, a batch at a time, while searches
 * and the indexing consumer go on: every document is written again (an upsert by its key), so
 * what the index missed or holds stale is set right and nothing is doubled.
 */
@injectable()
export class ReindexUseCase {
  constructor(
    @inject(SEARCH_INDEX) private readonly index: SearchIndexPort,
    @inject(SEARCH_SOURCES) private readonly sources: SearchSourcesPort,
  ) {}

  async run(name: SearchIndexName, progress: ReindexProgress = () => undefined): Promise<number> {
    const total = await this.sources.count(name);
    const done = await this.copy(name, total, progress);
    await this.index.refresh();
    return done;
  }

  private copy(name: SearchIndexName, total: number, progress: ReindexProgress): Promise<number> {
    switch (name) {
      case 'users':
        return copyAll((after) => this.sources.users(after, BATCH), (docs) => this.index.indexUsers(docs), total, progress);
      case 'messages':
        return copyAll((after) => this.sources.messages(after, BATCH), (docs) => this.index.indexMessages(docs), total, progress);
      case 'events':
        return copyAll((after) => this.sources.events(after, BATCH), (docs) => this.index.indexEvents(docs), total, progress);
    }
  }
}

async function copyAll<T>(read: (after?: string) => Promise<SourceBatch<T>>, write: (documents: T[]) => Promise<void>, total: number, progress: ReindexProgress): Promise<number> {
  let done = 0;
  let after: string | undefined;
  do {
    const batch = await read(after);
    await write(batch.documents);
    done += batch.documents.length;
    progress(done, Math.max(total, done));
    after = batch.next;
  } while (after !== undefined);
  return done;
}

import { inject, injectable } from 'tsyringe';
import { MARK_END, MARK_START } from '../../../domain/search-query';
import type { SearchIndexPort } from '../../ports/search-index.port';
import type { PersistProgressPort, StoredMessagesPort, StreamedMessage } from '../../ports/stored-messages.port';
import { PERSIST_PROGRESS, SEARCH_INDEX, STORED_MESSAGES } from '../../../tokens';

/** How long one batch waits for chat's persisting consumer to get past it before it is retried later. */
export const PERSIST_WAIT_MS = 2_000;

/** Chat has not stored (or refused) these messages yet: the batch is retried later, in full. */
export class MessagesNotYetStored extends Error {
  override readonly name = 'MessagesNotYetStored';
}

const MARKS = new RegExp(`[${MARK_START}${MARK_END}]`, 'g');

/**
 * Indexes a batch of stream CHAT as chat stored it: with its room seq and the room's visibility,
 * read back by the messages' keys (the index never numbers or stores a message chat refused). A
 * message not stored yet is waited for until the persisting consumer has handled it; one that it
 * handled without storing (an unknown room, a dead letter) is skipped.
 */
@injectable()
export class IndexMessagesUseCase {
  constructor(
    @inject(SEARCH_INDEX) private readonly index: SearchIndexPort,
    @inject(STORED_MESSAGES) private readonly stored: StoredMessagesPort,
    @inject(PERSIST_PROGRESS) private readonly progress: PersistProgressPort,
  ) {}

  async run(batch: StreamedMessage[]): Promise<{ indexed: number; neverStored: number }> {
    const keys = [...new Set(batch.map((m) => m.key))];
    let found = await this.stored.byKeys(keys);
    if (found.length < keys.length) {
      const have = new Set(found.map((m) => m.key));
      const missing = batch.filter((m) => !have.has(m.key));
      const through = Math.max(...missing.map((m) => m.streamSeq));
      if (!(await this.progress.handledThrough(through, PERSIST_WAIT_MS))) throw new MessagesNotYetStored(`chat has not yet handled stream sequence ${through}`);
      found = found.concat(await this.stored.byKeys(missing.map((m) => m.key)));
    }
    // The snippet marks are the index's own: a body cannot fake a highlight.
    await this.index.indexMessages(found.map(({ key: _key, ...doc }) => ({ ...doc, body: doc.body.replace(MARKS, ' ') })));
    return { indexed: found.length, neverStored: keys.length - found.length };
  }
}

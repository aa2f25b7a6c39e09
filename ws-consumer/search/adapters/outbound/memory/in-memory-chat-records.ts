import type { MessageDocument, SearchIndexName, UserDocument, EventDocument } from '../../../domain/search-documents';
import type { RoomMembershipPort } from '../../../application/ports/room-membership.port';
import type { PersistProgressPort, StoredMessagesPort } from '../../../application/ports/stored-messages.port';
import type { SearchSourcesPort, SourceBatch } from '../../../application/ports/search-sources.port';

/** A batch of `limit` from `all` after the position `after`, the positions being indexes as text. */
function slice<T>(all: T[], after: string | undefined, limit: number): SourceBatch<T> {
  const start = after === undefined ? 0 : Number(after);
  const end = start + limit;
  return { documents: all.slice(start, end), ...(end < all.length ? { next: String(end) } : {}) };
}

/**
 * The records search reads, in memory, for the use cases' unit tests: chat's stored messages and
 * memberships, how far chat's persisting consumer got, and the users and events to reindex from.
 */
export class InMemoryChatRecords implements StoredMessagesPort, PersistProgressPort, RoomMembershipPort, SearchSourcesPort {
  readonly stored = new Map<string, MessageDocument>();
  readonly members = new Map<string, Set<string>>();
  readonly userRecords: UserDocument[] = [];
  readonly eventRecords: EventDocument[] = [];
  /** Chat's persisting consumer has handled the stream up to here. */
  handled = 0;

  store(key: string, message: MessageDocument): void {
    this.stored.set(key, message);
  }

  async byKeys(keys: string[]): Promise<(MessageDocument & { key: string })[]> {
    return keys.flatMap((key) => {
      const message = this.stored.get(key);
      return message ? [{ ...message, key }] : [];
    });
  }

  async handledThrough(streamSeq: number): Promise<boolean> {
    return this.handled >= streamSeq;
  }

  async closedRoomsOf(userId: string): Promise<string[]> {
    return [...this.members.entries()].filter(([, users]) => users.has(userId)).map(([room]) => room);
  }

  async count(index: SearchIndexName): Promise<number> {
    return { users: this.userRecords.length, messages: this.stored.size, events: this.eventRecords.length }[index];
  }

  async users(after: string | undefined, limit: number): Promise<SourceBatch<UserDocument>> {
    return slice(this.userRecords, after, limit);
  }

  async messages(after: string | undefined, limit: number): Promise<SourceBatch<MessageDocument>> {
    return slice([...this.stored.values()], after, limit);
  }

  async events(after: string | undefined, limit: number): Promise<SourceBatch<EventDocument>> {
    return slice(this.eventRecords, after, limit);
  }
}

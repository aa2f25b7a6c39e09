import { SearchError } from '../../../domain/search.errors';
import { MARK_END, MARK_START, userMatch } from '../../../domain/search-query';
import { OPEN_VISIBILITIES, type EventDocument, type MessageDocument, type SearchIndexName, type UserDocument } from '../../../domain/search-documents';
import type { EventQuery, MessageHit, MessageQuery, SearchIndexPort, SearchPage, UserQuery } from '../../../application/ports/search-index.port';

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Hits in order, paged by their position (the fake's cursor is the index of the next hit). */
function page<T>(hits: T[], limit: number, cursor?: string): SearchPage<T> {
  let start = 0;
  if (cursor !== undefined) {
    if (!/^o[0-9]{1,9}$/.test(cursor)) throw new SearchError('SEARCH.BAD_CURSOR', 'cursor is not one this index gave');
    start = Number(cursor.slice(1));
  }
  const items = hits.slice(start, start + limit);
  return { items, ...(start + limit < hits.length ? { nextCursor: `o${start + limit}` } : {}) };
}

/** A search index in memory for unit tests of the use cases: the same hits as the real ones, without ranking subtleties. */
export class InMemorySearchIndex implements SearchIndexPort {
  private readonly users = new Map<string, UserDocument>();
  private readonly messages = new Map<string, MessageDocument>();
  private readonly events = new Map<string, EventDocument>();

  async prepare(): Promise<void> {}

  async refresh(): Promise<void> {}

  clear(): void {
    this.users.clear();
    this.messages.clear();
    this.events.clear();
  }

  async indexUsers(users: UserDocument[]): Promise<void> {
    for (const u of users) this.users.set(u.userId, { ...u });
  }

  async indexMessages(messages: MessageDocument[]): Promise<void> {
    for (const m of messages) this.messages.set(`${m.room}#${m.seq}`, { ...m });
  }

  async indexEvents(events: EventDocument[]): Promise<void> {
    for (const e of events) this.events.set(e.eventId, { ...e });
  }

  async count(index: SearchIndexName): Promise<number> {
    return this[index].size;
  }

  async searchUsers(query: UserQuery): Promise<SearchPage<UserDocument>> {
    const matches = (u: UserDocument) =>
      userMatch(query.text) === 'prefix' ? u.username.toLowerCase().startsWith(query.text) : [u.username, u.email, u.phone ?? ''].some((f) => f.toLowerCase().includes(query.text));
    const hits = [...this.users.values()].filter(matches).sort((a, b) => a.username.toLowerCase().localeCompare(b.username.toLowerCase()) || a.userId.localeCompare(b.userId));
    return page(hits, query.limit, query.cursor);
  }

  async searchMessages(query: MessageQuery): Promise<SearchPage<MessageHit>> {
    const wanted = words(query.text);
    const readable = (m: MessageDocument) => OPEN_VISIBILITIES.includes(m.visibility) || query.access.memberOf.includes(m.room);
    const hits = [...this.messages.values()]
      .filter((m) => wanted.length > 0 && readable(m) && (query.room === undefined || m.room === query.room))
      .filter((m) => wanted.every((w) => words(m.body).includes(w)))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.messageId.localeCompare(b.messageId))
      .map((m) => ({ ...m, snippet: m.body.replace(/[\p{L}\p{N}]+/gu, (w) => (wanted.includes(w.toLowerCase()) ? `${MARK_START}${w}${MARK_END}` : w)) }));
    return page(hits, query.limit, query.cursor);
  }

  async searchEvents(query: EventQuery): Promise<SearchPage<EventDocument>> {
    const wanted = words(query.text);
    const hits = [...this.events.values()]
      .filter((e) => wanted.length > 0 && wanted.every((w) => words(`${e.name} ${e.venue ?? ''}`).includes(w)))
      .sort((a, b) => (a.startsAt?.getTime() ?? 0) - (b.startsAt?.getTime() ?? 0) || a.eventId.localeCompare(b.eventId));
    return page(hits, query.limit, query.cursor);
  }
}

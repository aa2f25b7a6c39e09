import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SearchError } from '../../domain/search.errors';
import { MARK_END, MARK_START, searchText } from '../../domain/search-query';
import type { EventDocument, MessageDocument, RoomVisibility, UserDocument } from '../../domain/search-documents';
import type { SearchIndexPort, SearchPage } from './search-index.port';

// Jest globals are imported rather than ambient so this file also type-checks outside the test
// tsconfig; it is test code run by the test files beside each adapter.

export interface SearchIndexSubject {
  index: SearchIndexPort;
  /** Empties every index (between tests). */
  clear(): Promise<void>;
  cleanup?: () => Promise<void>;
}

const user = (id: number, username: string, email = `${username}@example.com`, phone: string | null = null): UserDocument => ({ userId: String(id), username, email, phone });
let messageNo = 0;
const message = (room: string, seq: number, body: string, visibility: RoomVisibility = 'public', at = Date.UTC(2026, 0, 1, 0, 0, seq)): MessageDocument => ({
  messageId: `00000000-0000-8000-8000-${String(++messageNo).padStart(12, '0')}`,
  room,
  seq,
  senderId: '1',
  body,
  createdAt: new Date(at),
  visibility,
});
const event = (n: number, name: string, venue: string | null = null): EventDocument => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name,
  venue,
  startsAt: new Date(Date.UTC(2027, 0, n)),
  organizerId: '1',
});

/** Every page of a query, following next_cursor; fails if a page is short before the last. */
async function allPages<T>(limit: number, page: (cursor?: string) => Promise<SearchPage<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    if (next.nextCursor) expect(next.items).toHaveLength(limit);
    pages.push(next.items);
    cursor = next.nextCursor;
    if (pages.length > 100) throw new Error('paging does not end');
  } while (cursor);
  return pages;
}

/** The behaviour every SearchIndexPort adapter must have: same hits, same access rule, same literal queries. */
export function describeSearchIndexContract(name: string, makeSubject: () => Promise<SearchIndexSubject>): void {
  describe(`SearchIndexPort contract: ${name}`, () => {
    let subject: SearchIndexSubject;
    let index: SearchIndexPort;
    const users = async (q: string, limit = 50) => (await index.searchUsers({ text: searchText(q), limit })).items.map((u) => u.username).sort();
    const messages = async (q: string, memberOf: string[] = [], room?: string, limit = 50) =>
      (await index.searchMessages({ text: searchText(q), room, access: { memberOf }, limit })).items.map((m) => `${m.room}#${m.seq}`).sort();
    const events = async (q: string) => (await index.searchEvents({ text: searchText(q), limit: 50 })).items.map((e) => e.name).sort();

    beforeAll(async () => {
      subject = await makeSubject();
      index = subject.index;
      await index.prepare();
    });
    beforeEach(async () => {
      await subject.clear();
    });
    afterAll(async () => {
      await subject.cleanup?.();
    });

    describe('users', () => {
      beforeEach(async () => {
        await index.indexUsers([
          user(1, 'alice', 'alice.wonder@example.com', '+14155550191'),
          user(2, 'bob_builder', 'bob@builders.io', '+442071919540'),
          user(3, 'Carol', 'carol@example.org', null),
          user(4, 'under_score', 'u1@example.com'),
          user(5, 'underXscore', 'u2@example.com'),
          user(6, 'per%cent', 'u3@example.com'),
          user(7, 'st*r?q', 'u4@example.com'),
          user(8, 'back\\slash', 'u5@example.com'),
          user(9, "o'brien\"q", 'u6@example.com'),
        ]);
        await index.refresh();
      });

      it('finds a middle fragment of the username, the email or the phone, whatever the case', async () => {
        expect(await users('LIC')).toEqual(['alice']);
        expect(await users('wonder@exa')).toEqual(['alice']);
        expect(await users('191954')).toEqual(['bob_builder']);
        expect(await users('5550')).toEqual(['alice']);
        expect(await users('arol')).toEqual(['Carol']);
        expect(await users('example.org')).toEqual(['Carol']);
      });

      it('takes %, _, *, ?, backslashes and quotes literally', async () => {
        expect(await users('r_s')).toEqual(['under_score']);
        expect(await users('r%c')).toEqual(['per%cent']);
        expect(await users('t*r')).toEqual(['st*r?q']);
        expect(await users('r?q')).toEqual(['st*r?q']);
        expect(await users('k\\s')).toEqual(['back\\slash']);
        expect(await users("o'b")).toEqual(["o'brien\"q"]);
        expect(await users('n"q')).toEqual(["o'brien\"q"]);
        expect(await users('%%%')).toEqual([]);
        expect(await users('***')).toEqual([]);
        expect(await users('___')).toEqual([]);
      });

      it('answers SQL and Lucene syntax as plain text that matches nothing', async () => {
        for (const q of ["'; DROP TABLE users; --", 'username:alice OR *', 'alice~2', '/al.*/', '(alice) AND [a TO z]', '\\\\*', '" OR 1=1 --']) {
          expect(await users(q)).toEqual([]);
        }
        expect(await users('alice')).toEqual(['alice']);
      });

      it('matches 1 or 2 characters as a username prefix only', async () => {
        expect(await users('al')).toEqual(['alice']);
        expect(await users('u')).toEqual(['underXscore', 'under_score']);
        expect(await users('li')).toEqual([]);
        expect(await users('%')).toEqual([]);
        expect(await users('_')).toEqual([]);
      });

      it('replaces a user indexed again (no second hit)', async () => {
        await index.indexUsers([user(1, 'alice', 'alice@new.example', '+10000000000')]);
        await index.refresh();
        expect(await users('alice')).toEqual(['alice']);
        expect(await users('wonder')).toEqual([]);
        expect(await users('new.example')).toEqual(['alice']);
        expect(await index.count('users')).toBe(9);
      });
    });

    it('pages users in full pages without repeats, and refuses a malformed cursor', async () => {
      await index.indexUsers(Array.from({ length: 25 }, (_, i) => user(100 + i, `pager${String(i).padStart(2, '0')}`)));
      await index.refresh();
      const pages = await allPages(10, (cursor) => index.searchUsers({ text: 'pager', limit: 10, cursor }));
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      expect(new Set(pages.flat().map((u) => u.userId)).size).toBe(25);
      await expect(index.searchUsers({ text: 'pager', limit: 10, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(SearchError);
    });

    describe('messages', () => {
      beforeEach(async () => {
        await index.indexMessages([
          message('lobby', 1, 'The concert tickets are on sale'),
          message('lobby', 2, 'Anyone going to the concert tonight?'),
          message('secret', 1, 'Secret concert plans, members only', 'private'),
          message('dm:1:2', 1, 'concert tickets for you and me', 'direct'),
          message('event:e1', 1, 'Doors open at seven for the concert', 'event'),
          message('lobby', 3, 'Nothing to see here'),
        ]);
        await index.refresh();
      });

      it('finds messages having every word of the query, from open rooms and the rooms the caller is a member of', async () => {
        expect(await messages('concert')).toEqual(['event:e1#1', 'lobby#1', 'lobby#2']);
        expect(await messages('CONCERT tickets')).toEqual(['lobby#1']);
        expect(await messages('concert', ['secret'])).toEqual(['event:e1#1', 'lobby#1', 'lobby#2', 'secret#1']);
        expect(await messages('concert tickets', ['dm:1:2'])).toEqual(['dm:1:2#1', 'lobby#1']);
      });

      it('never shows a room the caller cannot read, whatever the room parameter', async () => {
        expect(await messages('secret', [], 'secret')).toEqual([]);
        expect(await messages('concert', ['lobby'], 'secret')).toEqual([]);
        expect(await messages('concert', ['secret'], 'secret')).toEqual(['secret#1']);
        expect(await messages('concert', [], 'lobby')).toEqual(['lobby#1', 'lobby#2']);
      });

      it('highlights the matched words in a snippet', async () => {
        const [hit] = (await index.searchMessages({ text: 'tonight', access: { memberOf: [] }, limit: 5 })).items;
        expect(hit.snippet).toContain(`${MARK_START}tonight${MARK_END}`);
        expect(hit.body).toBe('Anyone going to the concert tonight?');
        expect(hit.createdAt).toEqual(new Date(Date.UTC(2026, 0, 1, 0, 0, 2)));
      });

      it('takes query syntax literally: quotes, operators, wildcards, SQL', async () => {
        expect(await messages('"concert" tickets')).toEqual(['lobby#1']);
        expect(await messages('concert & !tickets')).toEqual(['lobby#1']);
        expect(await messages('concert* | nothing')).toEqual([]);
        for (const q of ['%', '*', '?', '***', "'; DROP TABLE messages; --", 'body:concert', '\\', '"']) expect(await messages(q)).toEqual([]);
      });

      it('replaces a message indexed again', async () => {
        await index.indexMessages([message('lobby', 1, 'edited: nothing about music')]);
        await index.refresh();
        expect(await messages('concert')).toEqual(['event:e1#1', 'lobby#2']);
        expect(await index.count('messages')).toBe(6);
      });
    });

    it('pages filtered messages in full pages, without repeats', async () => {
      const docs = Array.from({ length: 30 }, (_, i) => [message('open', i + 1, `needle number ${i}`), message('closed', i + 1, `needle number ${i}`, 'private')]).flat();
      await index.indexMessages(docs);
      await index.refresh();
      const outsider = await allPages(10, (cursor) => index.searchMessages({ text: 'needle', access: { memberOf: [] }, limit: 10, cursor }));
      expect(outsider.map((p) => p.length)).toEqual([10, 10, 10]);
      expect(new Set(outsider.flat().map((m) => `${m.room}#${m.seq}`)).size).toBe(30);
      expect(outsider.flat().every((m) => m.room === 'open')).toBe(true);
      const member = await allPages(25, (cursor) => index.searchMessages({ text: 'needle', access: { memberOf: ['closed'] }, limit: 25, cursor }));
      expect(new Set(member.flat().map((m) => `${m.room}#${m.seq}`)).size).toBe(60);
      await expect(index.searchMessages({ text: 'needle', access: { memberOf: [] }, limit: 10, cursor: '!!' })).rejects.toBeInstanceOf(SearchError);
    });

    it('finds events by words of the name or the venue, and pages them', async () => {
      await index.indexEvents([event(1, 'Rock Night', 'Main Hall'), event(2, 'Jazz Night', 'Blue Room'), event(3, 'Opera Gala', 'Main Hall'), event(4, 'Night 100% Rock', null)]);
      await index.indexEvents([event(1, 'Rock Night', 'Main Hall')]);
      await index.refresh();
      expect(await events('night')).toEqual(['Jazz Night', 'Night 100% Rock', 'Rock Night']);
      expect(await events('main hall')).toEqual(['Opera Gala', 'Rock Night']);
      expect(await events('rock night')).toEqual(['Night 100% Rock', 'Rock Night']);
      expect(await events('100%')).toEqual(['Night 100% Rock']);
      expect(await events('* OR 1=1')).toEqual([]);
      expect(await index.count('events')).toBe(4);
      const pages = await allPages(2, (cursor) => index.searchEvents({ text: 'night', limit: 2, cursor }));
      expect(pages.map((p) => p.length)).toEqual([2, 1]);
      expect(new Set(pages.flat().map((e) => e.eventId)).size).toBe(3);
    });
  });
}

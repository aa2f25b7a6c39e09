import type { IncomingHttpHeaders } from 'node:http';
import {
  BaseConnection,
  type ConnectionRequestOptions,
  type ConnectionRequestOptionsAsStream,
  type ConnectionRequestParams,
  type ConnectionRequestResponse,
  type ConnectionRequestResponseAsStream,
} from '@elastic/elasticsearch';
import { SearchError } from '../../../domain/search.errors';
import { MARK_END, MARK_START } from '../../../domain/search-query';
import { encodeSearchCursor } from '../../../application/search-cursor';
import { ElasticsearchSearchIndex, createElasticsearchClient } from './elasticsearch-search.index';

// The client runs as in production (serialisation, headers, product check, errors) over a
// connection that records each request and answers from the test; the behaviour against a real
// Elasticsearch is the contract suite's (elasticsearch-search.index.int.test.ts).

interface SentRequest {
  method: string;
  /** Decoded, e.g. `/a,b/_refresh`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON body, or a bulk body's lines, parsed. */
  body: any;
}
interface Answer {
  statusCode?: number;
  body: unknown;
}

const parseBody = (params: ConnectionRequestParams): unknown => {
  if (typeof params.body !== 'string' || params.body === '') return undefined;
  return String(params.headers?.['content-type']).includes('ndjson')
    ? params.body
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
    : JSON.parse(params.body);
};

function fakeElasticsearch(answer: (request: SentRequest) => Answer = () => ({ body: {} })) {
  const sent: SentRequest[] = [];
  class RecordingConnection extends BaseConnection {
    override request(params: ConnectionRequestParams, options: ConnectionRequestOptions): Promise<ConnectionRequestResponse>;
    override request(params: ConnectionRequestParams, options: ConnectionRequestOptionsAsStream): Promise<ConnectionRequestResponseAsStream>;
    override async request(params: ConnectionRequestParams): Promise<ConnectionRequestResponse | ConnectionRequestResponseAsStream> {
      const request = { method: params.method, path: decodeURIComponent(params.path), headers: params.headers ?? {}, body: parseBody(params) };
      sent.push(request);
      const { statusCode = 200, body } = answer(request);
      return { statusCode, headers: { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' }, body: JSON.stringify(body) };
    }
  }
  const client = createElasticsearchClient('http://elasticsearch.test:9200', { Connection: RecordingConnection, maxRetries: 0 });
  return { index: new ElasticsearchSearchIndex(client, 'Rt_Test_'), sent };
}

/** A search answer of these hits (as Elasticsearch sends them: source and sort key). */
const hitsAnswer = (hits: { _source: object; sort: (string | number)[]; highlight?: Record<string, string[]> }[]): Answer => ({
  body: { took: 1, timed_out: false, hits: { hits: hits.map((hit, i) => ({ _index: 'x', _id: String(i), _score: null, ...hit })) } },
});
const noHits = hitsAnswer([]);

const userHit = (n: number) => ({
  _source: { user_id: String(n), username: `User${n}`, email: `u${n}@example.com`, phone: null, username_lc: `user${n}`, email_lc: `u${n}@example.com`, phone_lc: null },
  sort: [`user${n}`, String(n)],
});

describe('ElasticsearchSearchIndex', () => {
  describe('prepare', () => {
    it('puts an index template per index (strict mappings, wildcard fields for substrings) and then creates the index', async () => {
      const { index, sent } = fakeElasticsearch();
      await index.prepare();
      expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
        'PUT /_index_template/rt_test_search-users',
        'PUT /rt_test_search-users',
        'PUT /_index_template/rt_test_search-messages',
        'PUT /rt_test_search-messages',
        'PUT /_index_template/rt_test_search-events',
        'PUT /rt_test_search-events',
      ]);
      const [users, , messages, , events] = sent.map((r) => r.body);
      expect(users).toMatchObject({ index_patterns: ['rt_test_search-users'], priority: 200, template: { settings: { number_of_shards: 1 } } });
      expect(users.template.mappings).toEqual({
        dynamic: 'strict',
        properties: {
          user_id: { type: 'keyword' },
          username: { type: 'keyword', index: false, doc_values: false },
          email: { type: 'keyword', index: false, doc_values: false },
          phone: { type: 'keyword', index: false, doc_values: false },
          username_lc: { type: 'wildcard', fields: { key: { type: 'keyword' } } },
          email_lc: { type: 'wildcard' },
          phone_lc: { type: 'wildcard' },
        },
      });
      expect(messages.template.mappings).toEqual({
        dynamic: 'strict',
        properties: {
          message_id: { type: 'keyword' },
          room: { type: 'keyword' },
          seq: { type: 'long' },
          sender_id: { type: 'keyword' },
          body: { type: 'text', analyzer: 'standard' },
          visibility: { type: 'keyword' },
          created_at: { type: 'date' },
        },
      });
      expect(events.template.mappings).toMatchObject({ dynamic: 'strict', properties: { name: { type: 'text', analyzer: 'standard' }, venue: { type: 'text', analyzer: 'standard' }, starts_at: { type: 'date' } } });
      // The index takes its settings and mappings from the template.
      expect(sent[1].body).toBeUndefined();
    });

    it('is idempotent: an index that exists already is no error, any other refusal is', async () => {
      const refusal = (type: string): Answer => ({ statusCode: 400, body: { error: { type, reason: 'refused' }, status: 400 } });
      const existing = fakeElasticsearch((r) => (r.path.startsWith('/_index_template') ? { body: { acknowledged: true } } : refusal('resource_already_exists_exception')));
      await expect(existing.index.prepare()).resolves.toBeUndefined();
      expect(existing.sent).toHaveLength(6);
      const broken = fakeElasticsearch((r) => (r.path.startsWith('/_index_template') ? { body: { acknowledged: true } } : refusal('illegal_argument_exception')));
      await expect(broken.index.prepare()).rejects.toThrow('illegal_argument_exception');
    });
  });

  describe('indexing', () => {
    const bulkOk = (): Answer => ({ body: { took: 1, errors: false, items: [] } });

    it('sends bulk index operations keyed by the document key, with lower-cased copies of the user fields', async () => {
      const { index, sent } = fakeElasticsearch(bulkOk);
      await index.indexUsers([{ userId: '7', username: 'St*R', email: 'A@B.io', phone: '+1 555' }]);
      await index.indexMessages([{ messageId: 'm-1', room: 'dm:1:2', seq: 3, senderId: '1', body: 'Hi', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 123)), visibility: 'direct' }]);
      await index.indexEvents([{ eventId: 'e-1', name: 'Rock Night', venue: null, startsAt: null, organizerId: '2' }]);
      expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /_bulk', 'POST /_bulk', 'POST /_bulk']);
      expect(sent[0].body).toEqual([
        { index: { _index: 'rt_test_search-users', _id: '7' } },
        { user_id: '7', username: 'St*R', email: 'A@B.io', phone: '+1 555', username_lc: 'st*r', email_lc: 'a@b.io', phone_lc: '+1 555' },
      ]);
      expect(sent[1].body).toEqual([
        { index: { _index: 'rt_test_search-messages', _id: 'dm:1:2#3' } },
        { message_id: 'm-1', room: 'dm:1:2', seq: 3, sender_id: '1', body: 'Hi', visibility: 'direct', created_at: '2026-01-01T00:00:00.123Z' },
      ]);
      expect(sent[2].body).toEqual([{ index: { _index: 'rt_test_search-events', _id: 'e-1' } }, { event_id: 'e-1', name: 'Rock Night', venue: null, starts_at: null, organizer_id: '2' }]);
    });

    it('sends nothing for no documents', async () => {
      const { index, sent } = fakeElasticsearch(bulkOk);
      await index.indexUsers([]);
      await index.indexMessages([]);
      await index.indexEvents([]);
      expect(sent).toEqual([]);
    });

    it('throws naming the first refused document when the bulk response has errors', async () => {
      const { index } = fakeElasticsearch(() => ({
        body: {
          took: 1,
          errors: true,
          items: [
            { index: { _index: 'rt_test_search-users', _id: '1', status: 200, result: 'created' } },
            { index: { _index: 'rt_test_search-users', _id: '2', status: 400, error: { type: 'document_parsing_exception', reason: 'mapping set to strict' } } },
          ],
        },
      }));
      const users = [1, 2].map((n) => ({ userId: String(n), username: `u${n}`, email: `u${n}@x.io`, phone: null }));
      await expect(index.indexUsers(users)).rejects.toThrow('Elasticsearch refused 1 of 2 documents for rt_test_search-users, the first 2: document_parsing_exception: mapping set to strict');
    });
  });

  describe('searchUsers', () => {
    it('matches 3+ characters as a substring of the lower-cased username, email or phone, wildcard syntax taken literally', async () => {
      const { index, sent } = fakeElasticsearch(() => noHits);
      await index.searchUsers({ text: 'st*r?q\\', limit: 10 });
      expect(sent[0].path).toBe('/rt_test_search-users/_search');
      const pattern = '*st\\*r\\?q\\\\*';
      expect(sent[0].body).toEqual({
        query: { bool: { should: ['username_lc', 'email_lc', 'phone_lc'].map((field) => ({ wildcard: { [field]: { value: pattern } } })), minimum_should_match: 1 } },
        sort: [{ 'username_lc.key': 'asc' }, { user_id: 'asc' }],
        size: 11,
        track_total_hits: false,
      });
    });

    it('matches 1 or 2 characters as a prefix of the username key', async () => {
      const { index, sent } = fakeElasticsearch(() => noHits);
      await index.searchUsers({ text: 'a*', limit: 5 });
      expect(sent[0].body.query).toEqual({ prefix: { 'username_lc.key': { value: 'a*' } } });
    });

    it('gives a page of limit hits and a cursor only when one more came back (not for exactly limit), and continues after that cursor', async () => {
      const { index, sent } = fakeElasticsearch((r) => hitsAnswer(r.body.search_after ? [userHit(3), userHit(4)] : [userHit(1), userHit(2), userHit(3)]));
      const first = await index.searchUsers({ text: 'user', limit: 2 });
      expect(first.items).toEqual([
        { userId: '1', username: 'User1', email: 'u1@example.com', phone: null },
        { userId: '2', username: 'User2', email: 'u2@example.com', phone: null },
      ]);
      expect(first.nextCursor).toBe(encodeSearchCursor(['user2', '2']));
      const second = await index.searchUsers({ text: 'user', limit: 2, cursor: first.nextCursor });
      expect(sent[1].body.search_after).toEqual(['user2', '2']);
      expect(second.items.map((u) => u.userId)).toEqual(['3', '4']);
      expect(second.nextCursor).toBeUndefined();
    });
  });

  describe('searchMessages', () => {
    const messageHit = {
      _source: { message_id: 'm-1', room: 'lobby', seq: 2, sender_id: '1', body: 'Anyone going to the concert tonight?', visibility: 'public', created_at: '2026-01-01T00:00:02.000Z' },
      sort: [1.5, Date.UTC(2026, 0, 1, 0, 0, 2), 'lobby', 2],
      highlight: { body: [`going to the ${MARK_START}concert${MARK_END}`, `${MARK_START}concert${MARK_END} again`] },
    };

    it('puts the access rule (open visibilities or the rooms the caller is a member of) and the room in the filter', async () => {
      const { index, sent } = fakeElasticsearch(() => noHits);
      await index.searchMessages({ text: 'concert tickets', room: 'secret', access: { memberOf: ['secret', 'dm:1:2'] }, limit: 20 });
      expect(sent[0].path).toBe('/rt_test_search-messages/_search');
      expect(sent[0].body.query).toEqual({
        bool: {
          must: [{ match: { body: { query: 'concert tickets', operator: 'and' } } }],
          filter: [
            { term: { room: 'secret' } },
            { bool: { should: [{ terms: { visibility: ['public', 'event'] } }, { terms: { room: ['secret', 'dm:1:2'] } }], minimum_should_match: 1 } },
          ],
        },
      });
      expect(sent[0].body).toMatchObject({
        sort: [{ _score: { order: 'desc' } }, { created_at: 'desc' }, { room: 'desc' }, { seq: 'desc' }],
        highlight: { pre_tags: [MARK_START], post_tags: [MARK_END], fields: { body: { number_of_fragments: 2, no_match_size: 150 } } },
        size: 21,
      });
    });

    it('filters on the access rule alone when no room is given', async () => {
      const { index, sent } = fakeElasticsearch(() => noHits);
      await index.searchMessages({ text: 'concert', access: { memberOf: [] }, limit: 20 });
      expect(sent[0].body.query.bool.filter).toEqual([{ bool: { should: [{ terms: { visibility: ['public', 'event'] } }, { terms: { room: [] } }], minimum_should_match: 1 } }]);
    });

    it('maps hits back to messages with their snippet, and pages on the sort key (numbers stay numbers)', async () => {
      const { index, sent } = fakeElasticsearch(() => hitsAnswer([messageHit, messageHit]));
      const page = await index.searchMessages({ text: 'concert', access: { memberOf: [] }, limit: 1 });
      expect(page.items).toEqual([
        {
          messageId: 'm-1',
          room: 'lobby',
          seq: 2,
          senderId: '1',
          body: 'Anyone going to the concert tonight?',
          visibility: 'public',
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 2)),
          snippet: `going to the ${MARK_START}concert${MARK_END} … ${MARK_START}concert${MARK_END} again`,
        },
      ]);
      await index.searchMessages({ text: 'concert', access: { memberOf: [] }, limit: 1, cursor: page.nextCursor });
      expect(sent[1].body.search_after).toEqual([1.5, Date.UTC(2026, 0, 1, 0, 0, 2), 'lobby', 2]);
    });
  });

  describe('searchEvents', () => {
    it('needs every word in the name or the venue (cross fields), ranked, and maps hits back to events', async () => {
      const hit = { _source: { event_id: 'e-4', name: 'Night 100% Rock', venue: null, starts_at: '2027-01-04T00:00:00.000Z', organizer_id: '1' }, sort: [0.8, 'e-4'] };
      const { index, sent } = fakeElasticsearch(() => hitsAnswer([hit]));
      const page = await index.searchEvents({ text: 'rock night', limit: 10 });
      expect(sent[0].path).toBe('/rt_test_search-events/_search');
      expect(sent[0].body).toEqual({
        query: { multi_match: { query: 'rock night', fields: ['name', 'venue'], type: 'cross_fields', operator: 'and' } },
        sort: [{ _score: { order: 'desc' } }, { event_id: 'desc' }],
        size: 11,
        track_total_hits: false,
      });
      expect(page).toEqual({ items: [{ eventId: 'e-4', name: 'Night 100% Rock', venue: null, startsAt: new Date(Date.UTC(2027, 0, 4)), organizerId: '1' }] });
    });
  });

  it('refuses a malformed cursor (SEARCH.BAD_CURSOR) before sending anything', async () => {
    const { index, sent } = fakeElasticsearch(() => noHits);
    const access = { memberOf: [] };
    await expect(index.searchUsers({ text: 'user', limit: 10, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(SearchError);
    await expect(index.searchUsers({ text: 'user', limit: 10, cursor: encodeSearchCursor([1, 2]) })).rejects.toMatchObject({ code: 'SEARCH.BAD_CURSOR' });
    await expect(index.searchMessages({ text: 'x', access, limit: 10, cursor: encodeSearchCursor(['1', 2, 'lobby', 3]) })).rejects.toMatchObject({ code: 'SEARCH.BAD_CURSOR' });
    await expect(index.searchEvents({ text: 'x', limit: 10, cursor: '!!' })).rejects.toMatchObject({ code: 'SEARCH.BAD_CURSOR' });
    expect(sent).toEqual([]);
  });

  it('counts the documents of one index and refreshes all three', async () => {
    const { index, sent } = fakeElasticsearch((r) => ({ body: r.path.endsWith('_count') ? { count: 9 } : { _shards: { total: 3, successful: 3, failed: 0 } } }));
    expect(await index.count('messages')).toBe(9);
    await index.refresh();
    expect(sent.map((r) => r.path)).toEqual(['/rt_test_search-messages/_count', '/rt_test_search-users,rt_test_search-messages,rt_test_search-events/_refresh']);
  });

  it('sends plain JSON media types, which Elasticsearch 8 accepts as well as 9 (not compatible-with=9)', async () => {
    const { index, sent } = fakeElasticsearch((r) => (r.path === '/_bulk' ? { body: { took: 1, errors: false, items: [] } } : noHits));
    await index.searchUsers({ text: 'user', limit: 1 });
    await index.indexEvents([{ eventId: 'e-1', name: 'Rock Night', venue: null, startsAt: null, organizerId: '2' }]);
    expect(sent.map((r) => [r.headers['content-type'], r.headers.accept])).toEqual([
      ['application/json', 'application/json'],
      ['application/x-ndjson', 'application/json'],
    ]);
  });
});

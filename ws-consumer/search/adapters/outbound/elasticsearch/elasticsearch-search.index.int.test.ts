import { uniqueId } from '../../../../../test/support/test-run';
import { describeSearchIndexContract } from '../../../application/ports/search-index.contract';
import { ElasticsearchSearchIndex, createElasticsearchClient, elasticsearchIndexNames } from './elasticsearch-search.index';

// Elasticsearch is not one of the servers every test run has: without ELASTICSEARCH_URL the
// contract's tests are declared skipped (jest counts them as skipped, never as passed) and a line
// says so.
const url = process.env.ELASTICSEARCH_URL ?? '';
if (!url) process.stdout.write('Elasticsearch contract tests SKIPPED: set ELASTICSEARCH_URL=http://host:9200 to run them\n');

(url ? describe : describe.skip)(`Elasticsearch at ${url || 'ELASTICSEARCH_URL (not set)'}`, () => {
  describeSearchIndexContract('ElasticsearchSearchIndex (real Elasticsearch)', async () => {
    const client = createElasticsearchClient(url);
    // Indexes and templates of their own: runs and test files sharing one server never meet.
    const prefix = `${process.env.NAME_PREFIX}${uniqueId(3)}_`;
    const names = Object.values(elasticsearchIndexNames(prefix));
    return {
      index: new ElasticsearchSearchIndex(client, prefix),
      clear: async () => {
        // delete_by_query sees what is refreshed: refresh first, so nothing indexed is left over.
        await client.indices.refresh({ index: names });
        await client.deleteByQuery({ index: names, query: { match_all: {} }, refresh: true, conflicts: 'proceed' });
      },
      cleanup: async () => {
        await client.indices.delete({ index: names, ignore_unavailable: true });
        await client.indices.deleteIndexTemplate({ name: names });
        await client.close();
      },
    };
  });
});

import { loadConsumerConfig } from './config';

describe('ws-consumer configuration: search', () => {
  it('searches in PostgreSQL and indexes by default', () => {
    expect(loadConsumerConfig({})).toMatchObject({ SEARCH_BACKEND: 'postgres', SEARCH_INDEXING: true });
    expect(loadConsumerConfig({}).ELASTICSEARCH_URL).toBeUndefined();
  });

  it('takes Elasticsearch only with its URL', () => {
    expect(loadConsumerConfig({ SEARCH_BACKEND: 'elasticsearch', ELASTICSEARCH_URL: 'http://es:9200' })).toMatchObject({ SEARCH_BACKEND: 'elasticsearch', ELASTICSEARCH_URL: 'http://es:9200' });
    expect(() => loadConsumerConfig({ SEARCH_BACKEND: 'elasticsearch' })).toThrow('invalid configuration: ELASTICSEARCH_URL (got unset): required when SEARCH_BACKEND=elasticsearch');
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConsumerConfig({ SEARCH_BACKEND: 'solr' })).toThrow('invalid configuration: SEARCH_BACKEND (got "solr")');
    expect(() => loadConsumerConfig({ ELASTICSEARCH_URL: 'es:9200' })).toThrow('invalid configuration: ELASTICSEARCH_URL (got "es:9200"): expected a URL starting with http:// or https://');
    expect(() => loadConsumerConfig({ SEARCH_INDEXING: 'maybe' })).toThrow('invalid configuration: SEARCH_INDEXING (got "maybe")');
  });
});

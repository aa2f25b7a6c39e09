import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { describeSearchIndexContract } from '../../../application/ports/search-index.contract';
import { PgSearchIndex } from './pg-search.index';

let infra: TestInfra;

describeSearchIndexContract('PgSearchIndex (real PostgreSQL)', async () => {
  infra = await connectTestInfra();
  return {
    index: new PgSearchIndex(infra.pool),
    clear: async () => {
      await infra.pool.query('TRUNCATE search_users, search_messages, search_events');
    },
    cleanup: () => infra.close(),
  };
});

import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { uniqueId } from '../../../../test/support/test-run';
import { describeMessageStoreContract } from '../../../application/ports/message-store.contract';
import { PgMessageStore } from './pg-message.store';

let infra: TestInfra;

describeMessageStoreContract('PgMessageStore (real PostgreSQL)', async () => {
  infra = await connectTestInfra();
  return {
    store: new PgMessageStore(infra.pool),
    newRoom: async () => {
      const name = `ms-${uniqueId(6)}`;
      await infra.pool.query(`INSERT INTO rooms (name, visibility) VALUES ($1, 'public')`, [name]);
      return name;
    },
    lastSeq: async (room) => Number((await infra.pool.query('SELECT last_seq FROM rooms WHERE name = $1', [room])).rows[0].last_seq),
    cleanup: () => infra.close(),
  };
});

import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { pgConnection } from '#kernel/pg/pg-pool';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { uniqueId } from '../../../../../test/support/test-run';
import { isolatedDatabaseUrl } from '../../../../../test/support/test-database';
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

describe('PgMessageStore statements (real PostgreSQL)', () => {
  it('the batch insert is never a cached prepared statement (a generic plan made on a small table would scan it whole)', async () => {
    const pool = new Pool({ ...pgConnection(await isolatedDatabaseUrl()), max: 1 });
    try {
      const room = `ps-${uniqueId(6)}`;
      await pool.query(`INSERT INTO rooms (name, visibility) VALUES ($1, 'public')`, [room]);
      const store = new PgMessageStore(pool);
      for (let i = 0; i < 7; i++) await store.persistBatch([{ messageId: randomUUID(), room, senderId: '1', body: 'b', clientMsgId: `ps${i}`, streamSeq: i }]);
      // One connection in the pool: the statements it prepared are these.
      const { rows } = await pool.query(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO messages%'`);
      expect(rows).toEqual([]);
      expect((await store.range(room, 0, 10, 10)).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await pool.end();
    }
  });
});

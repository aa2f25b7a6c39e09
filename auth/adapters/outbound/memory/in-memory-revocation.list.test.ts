import { describeRevocationListContract } from '../../../application/ports/revocation-list.contract';
import { InMemoryRevocationList } from './in-memory-revocation.list';
import { ManualClock } from './manual.clock';

// The very suite RedisRevocationList and MirroredRevocationList pass (their *.int.test.ts).
describeRevocationListContract('InMemoryRevocationList', async () => {
  const clock = new ManualClock(new Date());
  return {
    store: new InMemoryRevocationList(clock),
    now: () => clock.now(),
    elapse: async (ms) => clock.advance(ms),
  };
});

import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { describeSeatMapContract } from '../../../application/ports/seat-map.contract';
import { RedisSeatMap } from './redis-seat.map';
import { RedisSeatChangeFeed } from './redis-seat-change.feed';
import { Wakeup } from '#kernel/lifecycle/wakeup';

let infra: TestInfra;
beforeAll(async () => {
  infra = await connectTestInfra();
});
afterAll(async () => {
  const keys = await infra.redis.keys(`${infra.prefix}*`);
  if (keys.length > 0) await infra.redis.del(...keys);
  await infra.close();
});

describeSeatMapContract('RedisSeatMap (real Redis)', async () => ({
  seatMap: new RedisSeatMap(infra.redis, infra.prefix),
  feed: new RedisSeatChangeFeed(infra.redis, infra.prefix, new Wakeup()),
}));

import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { BullMqBookingQueue } from './bullmq-booking.queue';

let infra: TestInfra;
let queue: BullMqBookingQueue;
beforeAll(async () => {
  infra = await connectTestInfra();
  queue = new BullMqBookingQueue(infra.redis, `${infra.prefix}booking`, infra.prefix);
});
afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
  const keys = await infra.redis.keys(`${infra.prefix}*`);
  if (keys.length > 0) await infra.redis.del(...keys);
  await infra.close();
});

describe('BullMqBookingQueue (real Redis)', () => {
  it('queues a booking once, lists waiting bookings next first, and knows which are still in the queue', async () => {
    const ids = Array.from({ length: 5 }, () => randomUUID());
    const positions = [];
    for (const id of ids) positions.push(await queue.enqueue(id));
    expect(positions).toEqual([1, 2, 3, 4, 5]);
    expect(await queue.enqueue(ids[0])).toBe(5);
    expect(await queue.waiting(3)).toEqual(ids.slice(0, 3));
    expect(await queue.has(ids[4])).toBe(true);
    expect(await queue.has(randomUUID())).toBe(false);
    expect(await queue.depth()).toBe(5);
    expect(await queue.counts()).toEqual({ waiting: 5, active: 0, delayed: 0, failed: 0 });

    // Worked off, the jobs are gone: a booking's id may be queued again (the maintenance job does).
    const connection = new Redis(process.env.REDIS_URL as string, { maxRetriesPerRequest: null });
    const worker = new Worker(`${infra.prefix}booking`, async () => 'done', { connection });
    await new Promise<void>((resolve) => worker.on('drained', resolve));
    await worker.close();
    connection.disconnect();
    expect(await queue.has(ids[0])).toBe(false);
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await queue.enqueue(ids[0])).toBe(1);
  });

  it('measures its pace from the bookings finished in the last ten seconds', async () => {
    const pace = new BullMqBookingQueue(infra.redis, `${infra.prefix}pace`, `${infra.prefix}pace_`);
    expect(await pace.throughput()).toBeNull();
    for (let i = 0; i < 20; i++) await pace.finished(randomUUID());
    // Read at most once a second: this process still knows the old pace, a fresh one the new.
    expect(await pace.throughput()).toBeNull();
    const another = new BullMqBookingQueue(infra.redis, `${infra.prefix}pace`, `${infra.prefix}pace_`);
    expect(await another.throughput()).toBe(2);
    await Promise.all([pace.close(), another.close()]);
  });
});

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { deadLetterNames, deadLetterStream, ensureStreams, eventStream } from '#kernel/nats/jetstream-streams';
import { ensureDurableConsumer } from '#kernel/nats/jetstream-consumers';
import { connectTestInfra, type TestInfra } from '../../../../../test/support/infra';
import { JetStreamConsumerStats } from './jetstream-consumer.stats';

let infra: TestInfra;
beforeAll(async () => {
  infra = await connectTestInfra();
});
// The run's teardown drops its streams.
afterAll(() => infra.close());

describe('JetStreamConsumerStats (real NATS)', () => {
  it('answers null for a consumer or stream that does not exist, and no dead letters without a DLQ stream', async () => {
    const stats = new JetStreamConsumerStats(infra.nc, infra.prefix);
    expect(await stats.consumer(`${infra.prefix}NO_SUCH_STREAM`, 'nobody')).toBeNull();
    expect(await stats.deadLetters()).toEqual({});
  });

  it('reads a consumer’s pending count and the dead letters per context', async () => {
    const stream = `${infra.prefix}OPS`;
    await ensureStreams(infra.nc, [eventStream(stream, `${infra.prefix}ops.>`, 1), deadLetterStream(infra.prefix)]);
    await ensureDurableConsumer(await jetstreamManager(infra.nc), stream, { durable_name: 'reader' });
    const js = jetstream(infra.nc);
    for (let i = 0; i < 3; i++) await js.publish(`${infra.prefix}ops.x`, 'x');
    for (const context of ['chat', 'chat', 'feed']) await js.publish(deadLetterNames(infra.prefix).subject(context), 'poison');
    const stats = new JetStreamConsumerStats(infra.nc, infra.prefix);
    expect(await stats.consumer(stream, 'reader')).toEqual({ pending: 3, ackPending: 0, redelivered: 0 });
    expect(await stats.consumer(stream, 'nobody')).toBeNull();
    expect(await stats.deadLetters()).toEqual({ chat: 2, feed: 1 });
  });
});

import { jetstreamManager } from '@nats-io/jetstream';
import { createLogger } from '#kernel/logging/logger';
import { userEventNames, UserRegisteredSchema } from '#contracts/auth/user-events';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { JetStreamUserEventsPublisher } from './jetstream-user-events.publisher';

describe('JetStreamUserEventsPublisher (real NATS JetStream)', () => {
  let infra: TestInfra;
  beforeAll(async () => {
    infra = await connectTestInfra();
  });
  afterAll(async () => {
    const jsm = await jetstreamManager(infra.nc);
    await jsm.streams.delete(userEventNames(infra.prefix).stream).catch(() => undefined);
    await infra.close();
  });

  const user = { id: '42', username: 'alice', email: 'alice@example.com', phone: '+14155550191', passwordHash: 'x', role: 'user' as const, createdAt: new Date('2026-01-01T00:00:00Z') };

  it('stores user.registered in stream USERS once, however often it is announced', async () => {
    const publisher = new JetStreamUserEventsPublisher(infra.nc, infra.prefix, createLogger('test', 'silent'));
    await publisher.start();
    await publisher.registered(user);
    await publisher.registered(user);
    const jsm = await jetstreamManager(infra.nc);
    const names = userEventNames(infra.prefix);
    expect((await jsm.streams.info(names.stream)).state.messages).toBe(1);
    const stored = await jsm.streams.getMessage(names.stream, { seq: 1 });
    expect(stored?.subject).toBe(names.registered);
    expect(UserRegisteredSchema.parse(stored?.json())).toEqual({ type: 'user.registered', user_id: '42', username: 'alice', email: 'alice@example.com', phone: '+14155550191', registered_at: '2026-01-01T00:00:00.000Z' });
  });

  it('never fails the registration when JetStream cannot store the event (it is logged)', async () => {
    const publisher = new JetStreamUserEventsPublisher(infra.nc, `${infra.prefix}nostream_`, createLogger('test', 'silent'));
    await expect(publisher.registered(user)).resolves.toBeUndefined();
  });
});

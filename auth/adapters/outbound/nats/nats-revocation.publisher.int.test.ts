import { connect, type NatsConnection } from '@nats-io/transport-node';
import { nextMessage } from '../../../../test/support/nats';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import type { RevocationNotice } from '#contracts/auth/revocation';
import { NatsRevocationPublisher } from './nats-revocation.publisher';

describe('NatsRevocationPublisher (real NATS)', () => {
  let infra: TestInfra;
  let publisherConnection: NatsConnection;

  beforeAll(async () => {
    infra = await connectTestInfra();
    // A connection of its own, as on an edge: the event must cross the server, not stay in-process.
    publisherConnection = await connect({ servers: process.env.NATS_URL });
  });
  afterAll(async () => {
    await publisherConnection.close();
    await infra.close();
  });

  it('publishes the event as JSON on <prefix>auth.revoked', async () => {
    const subject = `${infra.prefix}auth.revoked`;
    expect(subject).toBe(`${infra.prefix}auth.revoked`);
    const sub = infra.nc.subscribe(subject, { max: 1 });
    await infra.nc.flush(); // the server knows of the subscription before anything is published
    const event: RevocationNotice = {
      user_id: '42',
      session_id: '6f9619ff-8b86-d011-b42d-00cf4fc964ff',
      token_id: '2c1b8a1e-5d3f-4d9e-9a55-0a0b0c0d0e0f',
      reason: 'logout',
      revoked_at: '2026-01-01T00:00:00.000Z',
    };

    await new NatsRevocationPublisher(publisherConnection, infra.prefix).publish(event);

    const message = await nextMessage(sub);
    expect(message.subject).toBe(subject);
    expect(message.data).toEqual(event);
  });

  it('keeps prefixes apart: a subscriber of one prefix never hears another', async () => {
    const sub = infra.nc.subscribe(`${infra.prefix}auth.revoked`, { max: 1 });
    await infra.nc.flush();
    const event: RevocationNotice = { user_id: '7', token_id: 'only-mine', reason: 'revoked', revoked_at: '2026-01-01T00:00:00.000Z' };

    await new NatsRevocationPublisher(publisherConnection, `${infra.prefix}other_`).publish({ ...event, token_id: 'not-mine' });
    await new NatsRevocationPublisher(publisherConnection, infra.prefix).publish(event);

    expect((await nextMessage(sub)).data).toEqual(event);
  });
});

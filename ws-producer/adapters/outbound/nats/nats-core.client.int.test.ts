import { connect, type NatsConnection } from '@nats-io/transport-node';
import { chatNames } from '#contracts/chat/chat-subjects';
import { TestPlatform } from '../../../../test/support/platform-harness';
import { http } from '../../../../test/support/auth-harness';
import { eventually } from '../../../../test/support/eventually';
import { describeCoreClientContract } from '../../../application/ports/core-client.contract';
import { chatPublish } from '../../../application/ports/message-publisher.contract';
import { JetStreamMessagePublisher } from '../jetstream/jetstream-message.publisher';
import { NatsCoreClient } from './nats-core.client';

// The edge's client against a real core (ws-consumer with PostgreSQL and Redis) and a real auth,
// no edge: rooms are made through the core's HTTP API and messages stored through CHAT.
describe('NatsCoreClient against a started core', () => {
  const platform = new TestPlatform();
  const tokens = new Map<string, string>();
  let nc: NatsConnection;
  let publisher: JetStreamMessagePublisher;
  beforeAll(async () => {
    await platform.start({ edges: 0 });
    nc = await connect({ servers: process.env.NATS_URL });
    publisher = new JetStreamMessagePublisher(nc, chatNames(platform.prefix));
  }, 30_000);
  afterAll(async () => {
    publisher.close();
    await nc.close();
    await platform.stop();
  });

  const asUser = (userId: string) => ({ authorization: `Bearer ${tokens.get(userId)}` });

  describeCoreClientContract('NatsCoreClient (real core over NATS)', async () => {
    const core = new NatsCoreClient(nc, chatNames(platform.prefix));
    return {
      core,
      users: async (count) => {
        const ids: string[] = [];
        for (let i = 0; i < count; i++) {
          const user = await platform.user('cc');
          tokens.set(user.id, user.token);
          ids.push(user.id);
        }
        return ids;
      },
      room: (visibility, creator, members = []) => platform.room(tokens.get(creator) as string, visibility, members),
      eventRoom: () => platform.eventRoom(),
      store: async (room, sender, count) => {
        const before = (await core.join({ room, userId: sender, connectionId: 'probe', recoveryMax: 0 })).last_seq;
        for (let i = 0; i < count; i++) {
          const { message, msgId } = chatPublish(room, sender);
          await publisher.publish(message, msgId);
        }
        await eventually(async () => ((await core.join({ room, userId: sender, connectionId: 'probe', recoveryMax: 0 })).last_seq >= before + count ? true : undefined), 10_000, 'the messages stored');
      },
      removeMember: async (room, actor, userId) => {
        const res = await http(platform.cores[0].baseUrl, 'DELETE', `/v1/rooms/${room}/members/${userId}`, undefined, asUser(actor));
        if (res.status !== 204) throw new Error(`remove failed: ${res.status} ${res.text}`);
      },
    };
  });

  it('a known permission past its TTL is used while the core is asked again; a definite refusal ends it (no removal notice needed)', async () => {
    const core = new NatsCoreClient(nc, chatNames(platform.prefix), { authorizationTtlMs: 100 });
    const [alice, bob] = [await platform.user('ttl-a'), await platform.user('ttl-b')];
    tokens.set(alice.id, alice.token);
    const room = await platform.room(alice.token, 'private', [bob.id]);
    await core.authorize(room, bob.id);
    // Removed through the core's HTTP API: this client never hears of it (it follows no edge.control).
    expect((await http(platform.cores[0].baseUrl, 'DELETE', `/v1/rooms/${room}/members/${bob.id}`, undefined, asUser(alice.id))).status).toBe(204);
    await new Promise((r) => setTimeout(r, 150));
    await expect(core.authorize(room, bob.id)).resolves.toBeUndefined(); // stale: used while the core is asked
    await eventually(async () => (await core.authorize(room, bob.id).then(() => undefined, (error: { kind?: string }) => error.kind)) ?? undefined, 5_000, 'the refusal');
    await expect(core.authorize(room, bob.id)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('a check in flight when a member is removed does not confirm the pair after the removal', async () => {
    const core = new NatsCoreClient(nc, chatNames(platform.prefix));
    const [alice, bob] = [await platform.user('race-a'), await platform.user('race-b')];
    const room = await platform.room(alice.token, 'private', [bob.id]);
    const check = core.authorize(room, bob.id); // asked while bob is still a member
    core.forgetAuthorization(room, bob.id); // the removal notice arrives before the answer
    await expect(check).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

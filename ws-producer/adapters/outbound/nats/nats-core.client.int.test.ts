import { randomUUID } from 'node:crypto';
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
      eventRoom: async () => `event:${randomUUID()}`,
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
});

import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { feedNames } from '#contracts/feed/feed-names';
import { FeedDeliverySchema } from '#contracts/feed/feed-api';
import { TestPlatform } from '../../../../test/support/platform-harness';
import { http } from '../../../../test/support/auth-harness';
import { eventually } from '../../../../test/support/eventually';
import { describeFeedClientContract } from '../../../application/ports/feed-client.contract';
import { NatsFeedClient } from './nats-feed.client';

// The edge's feed client against a real core (ws-consumer with PostgreSQL) and a real auth, no
// edge: follows go through the core's HTTP API, posts through stream FEED as an edge publishes them.
describe('NatsFeedClient against a started core', () => {
  const platform = new TestPlatform();
  const tokens = new Map<string, string>();
  /** Feed seq of each stored post, by post id, as the core tells the edges. */
  const seqs = new Map<string, number>();
  let nc: NatsConnection;
  beforeAll(async () => {
    await platform.start({ edges: 0 });
    nc = await connect({ servers: process.env.NATS_URL });
    nc.subscribe(feedNames(platform.prefix).deliverPost, {
      callback: (_error, msg) => {
        const delivery = FeedDeliverySchema.parse(msg.json());
        seqs.set(delivery.post.id, delivery.seq);
      },
    });
    await nc.flush();
  }, 30_000);
  afterAll(async () => {
    await nc.close();
    await platform.stop();
  });

  const followRoute = async (method: 'POST' | 'DELETE', follower: string, followee: string) => {
    const res = await http(platform.cores[0].baseUrl, method, `/v1/users/${followee}/follow`, undefined, { authorization: `Bearer ${tokens.get(follower)}` });
    if (res.status !== 204) throw new Error(`${method} follow failed: ${res.status} ${res.text}`);
  };

  describeFeedClientContract('NatsFeedClient (real core over NATS)', async () => ({
    client: new NatsFeedClient(nc, feedNames(platform.prefix)),
    users: async (count) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const user = await platform.user('fc');
        tokens.set(user.id, user.token);
        ids.push(user.id);
      }
      return ids;
    },
    follow: (follower, followee) => followRoute('POST', follower, followee),
    unfollow: (follower, followee) => followRoute('DELETE', follower, followee),
    post: async (author, description) => {
      const id = randomUUID();
      const post = { post_id: id, author_id: author, body: description, image_urls: [], created_at: new Date().toISOString() };
      await jetstream(nc).publish(feedNames(platform.prefix).postCreated, JSON.stringify(post), { msgID: `post:${id}` });
      return eventually(async () => seqs.get(id), 10_000, `post ${id} stored`, 25);
    },
  }));

  it('answers unavailable when no core answers', async () => {
    const client = new NatsFeedClient(nc, feedNames(`${platform.prefix}nobody_`), 300);
    await expect(client.following('1')).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

import { jetstreamManager } from '@nats-io/jetstream';
import { PublicError } from '#kernel/errors/error-kind';
import { ensureStreams } from '#kernel/nats/jetstream-streams';
import { feedNames } from '#contracts/feed/feed-names';
import { feedStreams } from '#contracts/feed/feed-streams';
import { PostPublishSchema, type PostPublish } from '#contracts/feed/feed-posts';
import { connectTestInfra, type TestInfra } from '../../../../test/support/infra';
import { rejectionOf } from '../../../../test/support/rejection';
import { uniqueId } from '../../../../test/support/test-run';
import { describePostPublisherContract, postPublish } from '../../../application/ports/post-publisher.contract';
import { JetStreamPostPublisher } from './jetstream-post.publisher';

let infra: TestInfra;
/** The prefixes whose streams this file made, deleted at the end. */
const prefixes: string[] = [];

async function feedOf(prefix: string) {
  prefixes.push(prefix);
  await ensureStreams(infra.nc, feedStreams(prefix));
  return feedNames(prefix);
}

async function storedIn(stream: string): Promise<PostPublish[]> {
  const jsm = await jetstreamManager(infra.nc);
  const { first_seq: first, last_seq: last, messages } = (await jsm.streams.info(stream)).state;
  if (messages === 0) return [];
  const stored: PostPublish[] = [];
  for (let seq = first; seq <= last; seq++) stored.push(PostPublishSchema.parse((await jsm.streams.getMessage(stream, { seq }))?.json()));
  return stored;
}

beforeAll(async () => {
  infra = await connectTestInfra();
});
afterAll(async () => {
  const jsm = await jetstreamManager(infra.nc);
  for (const prefix of prefixes) for (const { name } of feedStreams(prefix)) await jsm.streams.delete(name);
  await infra.close();
});

// Each subject gets a stream of its own, so what it holds is exactly what the test published.
describePostPublisherContract('JetStreamPostPublisher (real JetStream)', async () => {
  const names = await feedOf(`${infra.prefix}${uniqueId(2)}_`);
  return { publisher: new JetStreamPostPublisher(infra.nc, names), stored: () => storedIn(names.stream) };
});

describe('JetStreamPostPublisher (real NATS JetStream)', () => {
  it('stores the post on feed.post.created with Nats-Msg-Id post:<post_id>, as JSON that PostPublishSchema reads back', async () => {
    const names = await feedOf(infra.prefix);
    const post = postPublish();
    await new JetStreamPostPublisher(infra.nc, names).publish(post);
    const stored = await (await jetstreamManager(infra.nc)).streams.getMessage(names.stream, { last_by_subj: names.postCreated });
    expect(stored?.header.get('Nats-Msg-Id')).toBe(`post:${post.post_id}`);
    expect(PostPublishSchema.parse(stored?.json())).toEqual(post);
  });

  it('published twice with the same post_id: one stream message', async () => {
    const names = await feedOf(`${infra.prefix}twice_`);
    const publisher = new JetStreamPostPublisher(infra.nc, names);
    const post = postPublish();
    await publisher.publish(post);
    await publisher.publish(post);
    expect((await (await jetstreamManager(infra.nc)).streams.info(names.stream)).state.messages).toBe(1);
  });

  it('no stream for the subject: `unavailable` at once (no responders), not after the timeout', async () => {
    const orphan = new JetStreamPostPublisher(infra.nc, feedNames(`${infra.prefix}nostream_`), 10_000);
    const started = Date.now();
    const error = await rejectionOf(orphan.publish(postPublish()), PublicError);
    expect(error).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/no stream for the subject/) });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a PubAck that never comes: `unavailable` after the timeout', async () => {
    // Something that takes the subject but never answers stands in for a JetStream that does not confirm.
    const names = feedNames(`${infra.prefix}silent_`);
    const silent = infra.nc.subscribe(names.postCreated);
    const error = await rejectionOf(new JetStreamPostPublisher(infra.nc, names, 300).publish(postPublish()), PublicError);
    expect(error).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/retry with the same Idempotency-Key/) });
    silent.unsubscribe();
  });
});

import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import type { DeadLetters } from '#kernel/nats/jetstream-consumers';
import { SequentialConsumer } from '#kernel/nats/sequential-consumer';
import { PostPublishSchema, type PostPublish } from '#contracts/feed/feed-posts';
import type { FeedNames } from '#contracts/feed/feed-names';
import type { StorePostsUseCase } from '../../../application/use-cases/store-posts/store-posts.use-case';

export interface PostsConsumerOptions {
  maxDeliver: number;
  ackWaitSeconds: number;
}

/**
 * The durable pull consumer on FEED: each post the edges published is stored, then acked. One
 * post at a time across every core (max_ack_pending 1): posts are numbered (feed_seq) and told to
 * the edges in stream order, which a Last-Event-ID resume relies on. A database outage is waited
 * out; a malformed post or one whose author is no user goes to the dead letters (`dlq.feed`).
 */
export class JetStreamPostsConsumer extends SequentialConsumer<PostPublish> {
  constructor(
    nc: NatsConnection,
    names: FeedNames,
    private readonly storePosts: StorePostsUseCase,
    deadLetters: DeadLetters,
    options: PostsConsumerOptions,
    logger: Logger,
  ) {
    super(nc, PostPublishSchema, deadLetters, { ...options, stream: names.stream, durable: names.postsConsumer, filterSubject: names.postCreated, maxAckPending: 1, dependency: 'PostgreSQL (storing posts)', failure: 'store_failed' }, logger);
  }

  protected async handle(post: PostPublish): Promise<string | undefined> {
    const { unknownAuthor } = await this.storePosts.run([{ id: post.post_id, authorId: post.author_id, body: post.body, imageUrls: post.image_urls, createdAt: new Date(post.created_at) }]);
    return unknownAuthor.length > 0 ? 'unknown_author' : undefined;
  }
}

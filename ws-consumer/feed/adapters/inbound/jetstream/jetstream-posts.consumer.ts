import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import { translateInfrastructureError } from '#kernel/errors/infrastructure-errors';
import { ensureDurableConsumer, type DeadLetters } from '#kernel/nats/jetstream-consumers';
import { PostPublishSchema } from '#contracts/feed/feed-posts';
import type { FeedNames } from '#contracts/feed/feed-names';
import type { StorePostsUseCase } from '../../../application/use-cases/store-posts/store-posts.use-case';

export interface PostsConsumerOptions {
  maxDeliver: number;
  ackWaitSeconds: number;
}

/**
 * The durable pull consumer on FEED: each post the edges published is stored, then acked. A
 * database outage is waited out (nak with backoff, logged once); a malformed post or one whose
 * author is no user goes to the dead letters (`dlq.feed`).
 */
export class JetStreamPostsConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private readonly outage: OutageLog;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: FeedNames,
    private readonly storePosts: StorePostsUseCase,
    private readonly deadLetters: DeadLetters,
    private readonly options: PostsConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.outage = new OutageLog(logger, 'PostgreSQL (storing posts)');
  }

  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await ensureDurableConsumer(jsm, this.names.stream, {
      durable_name: this.names.postsConsumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: this.options.ackWaitSeconds * 1_000_000_000,
      max_deliver: -1,
      // One post at a time across every core: posts are numbered (feed_seq) and told to the
      // edges in stream order, which a Last-Event-ID resume relies on.
      max_ack_pending: 1,
      filter_subject: this.names.postCreated,
    });
    const consumer = await jetstream(this.nc).consumers.get(this.names.stream, this.names.postsConsumer);
    this.messages = await consumer.consume({ max_messages: 100 });
    this.loop = this.run(this.messages);
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) await this.handle(msg);
  }

  private async handle(msg: JsMsg): Promise<void> {
    const post = this.deadLetters.parse(msg, PostPublishSchema);
    if (!post) return;
    try {
      const { unknownAuthor } = await this.storePosts.run([{ id: post.post_id, authorId: post.author_id, body: post.body, imageUrls: post.image_urls, createdAt: new Date(post.created_at) }]);
      this.outage.recovered();
      if (unknownAuthor.length > 0) return this.deadLetters.send(msg, 'unknown_author');
      msg.ack();
    } catch (error) {
      if (translateInfrastructureError(error)) this.outage.failed(error);
      else this.logger.warn({ err: error, postId: post.post_id }, 'storing a post failed');
      this.deadLetters.retryOrDeadLetter(msg, error, this.options.maxDeliver, 'store_failed');
    }
  }
}

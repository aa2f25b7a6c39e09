import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { PublicError } from '#kernel/errors/error-kind';
import { parseOrThrow } from '#kernel/errors/validation';
import { PostPublishSchema, type PostPublish } from '#contracts/feed/feed-posts';
import type { FeedNames } from '#contracts/feed/feed-names';
import type { PostPublisherPort } from '../../../application/ports/post-publisher.port';

/**
 * Publishes a post to stream FEED on `feed.post.created` with `Nats-Msg-Id: post:<post_id>`, so
 * JetStream drops a retried POST within its duplicate window, and resolves on the PubAck.
 *
 * nats.js's js.publish rather than the message publisher's hand-made protocol: its cost per
 * request (a stack trace and a timer) mattered for chat messages, not for posts, which are far
 * rarer. The price is that a publish during a NATS disconnect answers `unavailable` after the
 * timeout rather than at once.
 */
export class JetStreamPostPublisher implements PostPublisherPort {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly names: FeedNames,
    timeoutMs = 5_000,
  ) {
    this.js = jetstream(nc, { timeout: timeoutMs });
  }

  async publish(post: PostPublish): Promise<void> {
    // The core reads the stream with the same schema: what it would refuse is never stored.
    const payload = JSON.stringify(parseOrThrow(PostPublishSchema, post, 'post'));
    try {
      await this.js.publish(this.names.postCreated, payload, { msgID: `post:${post.post_id}` });
    } catch (error) {
      throw unconfirmed(error as Error);
    }
  }
}

/**
 * No PubAck means no promise of durability: the client must hear "unavailable" and retry. After
 * a timeout the outcome is unknown (the post may still land), which is why a retry must reuse the
 * Idempotency-Key: the post is then stored once.
 */
function unconfirmed(error: Error): PublicError {
  // nats.js reads "no responders" as JetStream being off; on a publish it means no stream takes the subject.
  const reason = error.name === 'JetStreamNotEnabled' ? 'no stream for the subject' : error.message;
  return new PublicError('unavailable', `post not confirmed by JetStream (${reason}); retry with the same Idempotency-Key`);
}

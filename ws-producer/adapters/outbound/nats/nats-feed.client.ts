import type { NatsConnection } from '@nats-io/transport-node';
import { PublicError } from '#kernel/errors/error-kind';
import { translateInfrastructureError } from '#kernel/errors/infrastructure-errors';
import { NatsRequester, rpcReply, unwrap } from '#kernel/nats/nats-rpc';
import { FollowingReplyShape, PostsSinceReplyShape, type PostsSinceReply } from '#contracts/feed/feed-api';
import type { FeedNames } from '#contracts/feed/feed-names';
import type { FeedClientPort } from '../../../application/ports/feed-client.port';

const FollowingReply = rpcReply(FollowingReplyShape);
const PostsSinceReply = rpcReply(PostsSinceReplyShape);

/** The core's newsfeed API over NATS request/reply (both reads: safe to ask again across a reconnect). No core answering is `unavailable`. */
export class NatsFeedClient implements FeedClientPort {
  private readonly requester: NatsRequester;

  constructor(
    nc: NatsConnection,
    private readonly names: FeedNames,
    private readonly timeoutMs = 5_000,
  ) {
    this.requester = new NatsRequester(nc);
  }

  async following(userId: string): Promise<string[]> {
    return unwrap(await this.request(this.names.coreFollowing, { user_id: userId }, FollowingReply)).followee_ids;
  }

  async postsSince(request: { userId: string; afterSeq: number; limit: number }): Promise<PostsSinceReply> {
    const reply = unwrap(await this.request(this.names.corePostsSince, { user_id: request.userId, after_seq: request.afterSeq, limit: request.limit }, PostsSinceReply));
    return reply.reason === undefined ? { status: reply.status, posts: reply.posts } : { status: reply.status, reason: reply.reason, posts: reply.posts };
  }

  private async request<S extends Parameters<NatsRequester['request']>[2]>(subject: string, payload: unknown, schema: S) {
    try {
      return await this.requester.request(subject, payload, schema, this.timeoutMs);
    } catch (error) {
      // Only "no core answered" is an outage; anything else (a contract mismatch) is a bug to log.
      if (!translateInfrastructureError(error)) throw error;
      throw new PublicError('unavailable', `feed core unavailable (${(error as Error).message})`);
    }
  }
}

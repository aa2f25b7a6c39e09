import type { NatsConnection } from '@nats-io/transport-node';
import { LRUCache } from 'lru-cache';
import { PublicError } from '#kernel/errors/error-kind';
import { translateInfrastructureError } from '#kernel/errors/infrastructure-errors';
import { natsRequest, unwrap } from '#kernel/nats/nats-rpc';
import { AuthorizeReplySchema, HistoryReplySchema, JoinReplySchema, ReadReplySchema } from '#contracts/chat/core-api';
import type { Message } from '#contracts/chat/chat-payloads';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { CoreClientPort, JoinAnswer } from '../../../application/ports/core-client.port';

/** How long "may post" is remembered per user and room; removals clear it at once. */
const AUTHORIZATION_TTL_MS = 10_000;

/** The core's request/reply API over NATS. No core answering is `unavailable`. */
export class NatsCoreClient implements CoreClientPort {
  private readonly authorized = new LRUCache<string, true>({ max: 100_000, ttl: AUTHORIZATION_TTL_MS });
  private readonly checking = new Map<string, Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
    private readonly timeoutMs = 5_000,
  ) {}

  async join(request: { room: string; userId: string | null; connectionId: string; sinceSeq?: number; recoveryMax: number }): Promise<JoinAnswer> {
    const reply = unwrap(
      await this.request(this.names.coreJoin, { room: request.room, user_id: request.userId, connection_id: request.connectionId, since_seq: request.sinceSeq, recovery_max: request.recoveryMax }, JoinReplySchema),
    );
    return { room: reply.room, last_seq: reply.last_seq, recovered: reply.recovered, missed: reply.missed };
  }

  async history(request: { room: string; userId: string | null; afterSeq: number; upToSeq: number }): Promise<Message[]> {
    const reply = unwrap(await this.request(this.names.coreHistory, { room: request.room, user_id: request.userId, after_seq: request.afterSeq, up_to_seq: request.upToSeq }, HistoryReplySchema));
    return reply.messages;
  }

  async authorize(room: string, userId: string): Promise<void> {
    const key = `${userId}|${room}`;
    if (this.authorized.has(key)) return;
    // Concurrent sends to one room share one check, and resume in the order they asked: a
    // burst of message:send frames reaches JetStream in the order the client sent it.
    let check = this.checking.get(key);
    if (!check) {
      check = this.request(this.names.coreAuthorize, { room, user_id: userId }, AuthorizeReplySchema)
        .then((reply) => {
          unwrap(reply);
          this.authorized.set(key, true);
        })
        .finally(() => this.checking.delete(key));
      this.checking.set(key, check);
    }
    return check;
  }

  forgetAuthorization(room: string, userId: string): void {
    this.authorized.delete(`${userId}|${room}`);
  }

  async markRead(request: { room: string; userId: string; seq: number }): Promise<{ room: string; seq: number }> {
    const reply = unwrap(await this.request(this.names.coreRead, { room: request.room, user_id: request.userId, seq: request.seq }, ReadReplySchema));
    return { room: reply.room, seq: reply.seq };
  }

  left(entry: { room: string; userId: string; connectionId: string }): void {
    this.nc.publish(this.names.coreLeave, JSON.stringify({ room: entry.room, user_id: entry.userId, connection_id: entry.connectionId }));
  }

  refreshPresence(entries: { room: string; userId: string; connectionId: string }[]): void {
    if (entries.length === 0) return;
    this.nc.publish(this.names.corePresence, JSON.stringify({ entries: entries.map((e) => ({ room: e.room, user_id: e.userId, connection_id: e.connectionId })) }));
  }

  private async request<S extends Parameters<typeof natsRequest>[3]>(subject: string, payload: unknown, schema: S) {
    try {
      return await natsRequest(this.nc, subject, payload, schema, this.timeoutMs);
    } catch (error) {
      // Only "no core answered" is an outage; anything else (a contract mismatch) is a bug to log.
      if (!translateInfrastructureError(error)) throw error;
      throw new PublicError('unavailable', `messaging core unavailable (${(error as Error).message})`);
    }
  }
}

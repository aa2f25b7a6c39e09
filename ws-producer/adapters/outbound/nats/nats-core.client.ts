import type { NatsConnection } from '@nats-io/transport-node';
import { LRUCache } from 'lru-cache';
import { PublicError } from '#kernel/errors/error-kind';
import { translateInfrastructureError } from '#kernel/errors/infrastructure-errors';
import { NatsRequester, unwrap } from '#kernel/nats/nats-rpc';
import { AuthorizeReplySchema, HistoryReplySchema, JoinReplySchema, ReadReplySchema } from '#contracts/chat/core-api';
import type { Message } from '#contracts/chat/ws-frames';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { CoreClientPort, JoinAnswer } from '../../../application/ports/core-client.port';

/** Answers that refuse for good (as opposed to an outage): a cached permission ends with them. */
const DEFINITE_REFUSALS = new Set(['forbidden', 'not_found', 'bad_request']);

export interface CoreClientOptions {
  /** Deadline of one request, reconnects included. Default 5 s. */
  timeoutMs?: number;
  /** How long a "may post" answer is used before it is checked again. Default 10 s. */
  authorizationTtlMs?: number;
}

/** The core's request/reply API over NATS. No core answering is `unavailable`. */
export class NatsCoreClient implements CoreClientPort {
  /** When each user/room pair was last confirmed writable. Removals clear an entry at once. */
  private readonly authorized = new LRUCache<string, number>({ max: 100_000 });
  private readonly checking = new Map<string, Promise<void>>();
  /** Bumped by each removal: a check that was asked before it must not confirm the pair after it. */
  private readonly removals = new LRUCache<string, number>({ max: 100_000 });
  private readonly requester: NatsRequester;
  private readonly timeoutMs: number;
  private readonly authorizationTtlMs: number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
    options: CoreClientOptions = {},
  ) {
    this.requester = new NatsRequester(nc);
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.authorizationTtlMs = options.authorizationTtlMs ?? 10_000;
  }

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

  /**
   * A known permission outlives an outage of whatever confirmed it (the core, PostgreSQL, NATS):
   * past its TTL it is checked again in the background and used meanwhile, and it ends only on a
   * definite refusal, or at once through forgetAuthorization when a member is removed. An unknown
   * pair waits for the core's answer.
   */
  async authorize(room: string, userId: string): Promise<void> {
    const key = `${userId}|${room}`;
    const confirmedAt = this.authorized.get(key);
    if (confirmedAt !== undefined && Date.now() - confirmedAt < this.authorizationTtlMs) return;
    // Concurrent sends to one room share one check, and resume in the order they asked: a
    // burst of message:send frames reaches JetStream in the order the client sent it.
    let check = this.checking.get(key);
    if (!check) {
      const removals = this.removals.get(key) ?? 0;
      check = this.request(this.names.coreAuthorize, { room, user_id: userId }, AuthorizeReplySchema)
        .then((reply) => {
          unwrap(reply);
          if ((this.removals.get(key) ?? 0) !== removals) throw new PublicError('forbidden', `you may not post to room ${room}`);
          this.authorized.set(key, Date.now());
        })
        .catch((error: unknown) => {
          if (error instanceof PublicError && DEFINITE_REFUSALS.has(error.kind)) this.authorized.delete(key);
          throw error;
        })
        .finally(() => this.checking.get(key) === check && this.checking.delete(key));
      this.checking.set(key, check);
    }
    if (confirmedAt === undefined) return check;
    check.catch(() => undefined); // the refresh ends the permission if it must; this send goes on
  }

  forgetAuthorization(room: string, userId: string): void {
    const key = `${userId}|${room}`;
    this.authorized.delete(key);
    // A check in flight was asked before the removal: later sends must not wait on its answer.
    this.checking.delete(key);
    this.removals.set(key, (this.removals.get(key) ?? 0) + 1);
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

  private async request<S extends Parameters<NatsRequester['request']>[2]>(subject: string, payload: unknown, schema: S) {
    try {
      return await this.requester.request(subject, payload, schema, this.timeoutMs);
    } catch (error) {
      // Only "no core answered" is an outage; anything else (a contract mismatch) is a bug to log.
      if (!translateInfrastructureError(error)) throw error;
      throw new PublicError('unavailable', `messaging core unavailable (${(error as Error).message})`);
    }
  }
}

import { performance } from 'node:perf_hooks';
import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { PublicError } from '#kernel/errors/error-kind';
import type { ChatPublish } from '#contracts/chat/chat-payloads';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { MessagePublisherPort, PublishReceipt } from '../../../application/ports/message-publisher.port';

interface Pending {
  resolve(receipt: PublishReceipt): void;
  reject(error: Error): void;
  deadline: number;
}

/** A JetStream PubAck, or JetStream's refusal. */
interface PubAck {
  seq?: number;
  error?: { code?: number; description?: string };
}

const SWEEP_MS = 100;

/**
 * Publishes to stream CHAT with `Nats-Msg-Id`, so JetStream drops a retried send within its
 * duplicate window, and resolves on the PubAck.
 *
 * This is JetStream's publish protocol (a core publish with a reply subject; the stream answers
 * with a PubAck, a JetStream error, or the server with a 503 when no stream listens) without
 * nats.js's request machinery: one wildcard reply subscription serves every publish, pending
 * publishes sit in a Map in the order they were sent, and one timer sweeps the expired ones.
 * nats.js's js.publish builds a RequestError (capturing a stack) for every request, successful
 * ones included, plus a timer each; on the edge's hot path that was about a tenth of its CPU.
 *
 * While NATS is disconnected nothing can be confirmed (nats.js even drops what it buffered when it
 * reconnects), so publishes waiting then, and new ones until the reconnect, answer `unavailable`
 * at once rather than after the timeout.
 */
export class JetStreamMessagePublisher implements MessagePublisherPort {
  private readonly inbox = createInbox();
  private subscription: Subscription;
  /** In publish order, so in deadline order: the sweep stops at the first one not expired. */
  private readonly pending = new Map<string, Pending>();
  private sent = 0;
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;
  /** False from a NATS disconnect until the reconnect: nothing can be confirmed meanwhile. */
  private connected = true;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
    private readonly timeoutMs = 5_000,
  ) {
    this.subscription = this.subscribe();
    void this.followConnection();
  }

  publish(message: ChatPublish, msgId: string): Promise<PublishReceipt> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(unconfirmed('publisher closed'));
      if (!this.connected) return reject(unconfirmed('NATS connection lost'));
      const token = (++this.sent).toString(36);
      const h = headers();
      h.set('Nats-Msg-Id', msgId);
      try {
        this.nc.publish(this.names.chatRoom(message.room), JSON.stringify(message), { reply: `${this.inbox}.${token}`, headers: h });
      } catch (error) {
        return reject(unconfirmed((error as Error).message));
      }
      // The monotonic clock: a wall-clock step would expire publishes early, or out of order.
      this.pending.set(token, { resolve, reject, deadline: performance.now() + this.timeoutMs });
      this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    });
  }

  /** Stops listening for PubAcks; publishes still waiting answer `unavailable`. */
  close(): void {
    this.closed = true;
    this.subscription.unsubscribe();
    this.failAll('publisher closed');
  }

  /** The reply subscription. nats.js closes a subscription that errs (a permission refused): fail what waits on it and subscribe again. */
  private subscribe(): Subscription {
    return this.nc.subscribe(`${this.inbox}.*`, {
      callback: (error, msg) => {
        if (!error) return this.answered(msg);
        this.failAll(`reply subscription failed: ${error.message}`);
        if (!this.closed) setTimeout(() => (this.subscription = this.subscribe()), 1_000).unref();
      },
    });
  }

  private async followConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (this.closed) return;
      if (status.type === 'disconnect') {
        this.connected = false;
        this.failAll('NATS connection lost');
      } else if (status.type === 'reconnect') this.connected = true;
    }
  }

  private answered(msg: Msg): void {
    const token = msg.subject.slice(this.inbox.length + 1);
    const pending = this.pending.get(token);
    if (!pending) return; // answered after its timeout: the client already heard `unavailable`
    this.pending.delete(token);
    if (msg.data.length === 0) return pending.reject(unconfirmed(msg.headers?.code === 503 ? 'no stream for the subject' : `status ${msg.headers?.code ?? 'unknown'}`));
    let ack: PubAck;
    try {
      ack = msg.json<PubAck>();
    } catch {
      return pending.reject(unconfirmed('unreadable PubAck'));
    }
    if (ack.error || typeof ack.seq !== 'number') return pending.reject(unconfirmed(ack.error?.description ?? 'PubAck without a sequence'));
    pending.resolve({ streamSeq: ack.seq });
  }

  private sweep(): void {
    const now = performance.now();
    for (const [token, pending] of this.pending) {
      if (pending.deadline > now) break;
      this.pending.delete(token);
      pending.reject(unconfirmed(`no PubAck within ${this.timeoutMs} ms`));
    }
    if (this.pending.size === 0) this.stopSweeping();
  }

  private failAll(reason: string): void {
    for (const pending of this.pending.values()) pending.reject(unconfirmed(reason));
    this.pending.clear();
    this.stopSweeping();
  }

  private stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/**
 * No PubAck means no promise of durability: the client must hear "unavailable" and retry. After
 * a timeout the outcome is unknown (a buffered publish may still land), which is why a retry must
 * reuse the client_msg_id: it is then stored once.
 */
function unconfirmed(reason: string): PublicError {
  return new PublicError('unavailable', `message not confirmed by JetStream (${reason}); retry with the same client_msg_id`);
}

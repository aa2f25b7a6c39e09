import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { PublicError } from '../../../../shared/errors/error-kind';
import type { ChatPublish } from '../../../../shared/messaging/contracts';
import type { MessagingNames } from '../../../../shared/messaging/subjects';
import type { MessagePublisherPort, PublishReceipt } from '../../../application/ports/message-publisher.port';

/** Publishes to stream CHAT with `Nats-Msg-Id`, so JetStream drops a retried send within its duplicate window. */
export class JetStreamMessagePublisher implements MessagePublisherPort {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly names: MessagingNames,
    private readonly timeoutMs = 5_000,
  ) {
    this.js = jetstream(nc, { timeout: timeoutMs });
  }

  async publish(message: ChatPublish, msgId: string): Promise<PublishReceipt> {
    try {
      const ack = await this.js.publish(this.names.chatRoom(message.room), JSON.stringify(message), { msgID: msgId, timeout: this.timeoutMs });
      return { streamSeq: ack.seq };
    } catch (error) {
      // No PubAck means no promise of durability: the client must hear "unavailable" and retry.
      // After a timeout the outcome is unknown (a buffered publish may still land), which is why
      // a retry must reuse the client_msg_id: it is then stored once.
      throw new PublicError('unavailable', `message not confirmed by JetStream (${(error as Error).message}); retry with the same client_msg_id`);
    }
  }
}

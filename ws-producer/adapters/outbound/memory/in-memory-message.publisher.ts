import { PublicError } from '#kernel/errors/error-kind';
import type { ChatPublish } from '#contracts/chat/chat-payloads';
import type { MessagePublisherPort, PublishReceipt } from '../../../application/ports/message-publisher.port';

/** Stream CHAT in memory: stores in order, one copy per msgId, and can be told JetStream is away. */
export class InMemoryMessagePublisher implements MessagePublisherPort {
  readonly stored: ChatPublish[] = [];
  private readonly seqOf = new Map<string, number>();
  /** While set, every publish fails like an unreachable JetStream. */
  unavailable = false;

  async publish(message: ChatPublish, msgId: string): Promise<PublishReceipt> {
    if (this.unavailable) throw new PublicError('unavailable', 'JetStream unavailable');
    let streamSeq = this.seqOf.get(msgId);
    if (streamSeq === undefined) {
      this.stored.push(message);
      this.seqOf.set(msgId, (streamSeq = this.stored.length));
    }
    return { streamSeq };
  }
}

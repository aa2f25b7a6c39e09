import { inject, injectable } from 'tsyringe';
import { directRoom, MAX_BODY_CHARS, withinBodyLimit } from '#contracts/chat/rooms';
import { idempotencyKey, messageIdOf } from '#contracts/chat/chat-payloads';
import { EdgeError } from '../../../domain/edge.errors';
import type { MessagePublisherPort } from '../../ports/message-publisher.port';
import type { CoreClientPort } from '../../ports/core-client.port';
import { CORE_CLIENT, MESSAGE_PUBLISHER } from '../../../tokens';
import type { SendMessageInput, SendReceipt } from './send-message.schema';

/**
 * Checks and stores one message durably. The answer comes after JetStream's PubAck: an `ok` means
 * the message will be persisted and delivered, whatever happens to this process next.
 */
@injectable()
export class SendMessageUseCase {
  constructor(
    @inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisherPort,
    @inject(CORE_CLIENT) private readonly core: CoreClientPort,
  ) {}

  async run(senderId: string, input: SendMessageInput): Promise<SendReceipt> {
    if (!withinBodyLimit(input.body)) throw new EdgeError('MESSAGE.TOO_LARGE', `body is longer than ${MAX_BODY_CHARS} characters`);
    if ('to_user' in input && input.to_user === senderId) throw new EdgeError('MESSAGE.TO_SELF', 'cannot send a direct message to yourself');
    const room = 'to_user' in input ? directRoom(senderId, input.to_user) : input.room;
    await this.core.authorize(room, senderId);
    const key = idempotencyKey(senderId, input.client_msg_id);
    const messageId = messageIdOf(key);
    const receipt = await this.publisher.publish(
      { message_id: messageId, room, sender_id: senderId, body: input.body, client_msg_id: input.client_msg_id, sent_at: new Date().toISOString() },
      key,
    );
    return { message_id: messageId, client_msg_id: input.client_msg_id, stream_seq: receipt.streamSeq, room };
  }
}

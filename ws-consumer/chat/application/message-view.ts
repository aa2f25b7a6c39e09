import type { Message } from '#contracts/chat/ws-frames';
import type { StoredMessage } from '../domain/message.entity';

/** A stored message as clients see it (`message:new` payloads, history, recovery). */
export function toMessageView(message: StoredMessage): Message {
  return {
    message_id: message.messageId,
    room: message.room,
    seq: message.seq,
    sender_id: message.senderId,
    body: message.body,
    client_msg_id: message.clientMsgId,
    created_at: message.createdAt.toISOString(),
  };
}

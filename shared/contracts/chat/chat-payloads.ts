import { z } from 'zod';
import { hashedUuid } from '#kernel/ids/hashed-uuid';
import { UserIdSchema } from '#contracts/auth/user-id';
import { isStorableText, RoomNameSchema, withinBodyLimit } from './rooms';
import type { Message } from './ws-frames';

/** The idempotency key of a send: its JetStream Nats-Msg-Id and the messages table's dedup_key. */
export function idempotencyKey(senderId: string, clientMsgId: string): string {
  return `${senderId}:${clientMsgId}`;
}

/**
 * A message's id follows from its idempotency key (a UUID-shaped SHA-256 of it): a retried send
 * answers the same id, and ids are unique because keys are.
 */
export function messageIdOf(key: string): string {
  return hashedUuid(key);
}

/** What the edge stores in stream CHAT for one message:send. */
export const ChatPublishSchema = z
  .object({
    message_id: z.uuid(),
    room: RoomNameSchema,
    sender_id: UserIdSchema,
    // Code points, as the edge and PostgreSQL count them (z.string().max would count UTF-16 units).
    body: z.string().min(1).refine(withinBodyLimit).refine(isStorableText),
    // Read as leniently as edges before the ClientMsgIdSchema rule wrote it: what JetStream holds was acknowledged.
    client_msg_id: z.string().min(1).max(128).refine(isStorableText),
    sent_at: z.iso.datetime(),
  })
  .refine((p) => p.message_id === messageIdOf(idempotencyKey(p.sender_id, p.client_msg_id)), {
    error: 'message_id must be derived from sender_id and client_msg_id (messageIdOf)',
    path: ['message_id'],
  });
export type ChatPublish = z.infer<typeof ChatPublishSchema>;


/** The `message:new` frame as every socket receives it (serialised once per message). */
export function messageNewFrame(message: Message): string {
  return JSON.stringify({ type: 'message:new', payload: message });
}

import { z } from 'zod';
import { ClientMsgIdSchema, RoomNameSchema, isStorableText } from '#contracts/chat/rooms';
import { UserIdSchema } from '#contracts/auth/user-id';

// The 4,000-character body limit is checked by the use case, not here: the protocol answers it with
// `too_large` (docs/protocol.md), not `bad_request`.
const storable = { error: 'must be valid text (no NUL character, no unpaired surrogate)' };
const body = z.string().min(1).refine(isStorableText, storable).meta({ description: 'at most 4,000 characters', example: 'hello' });
const clientMsgId = ClientMsgIdSchema.meta({ description: 'idempotency key chosen by the client, 1-128 printable ASCII characters without spaces; a retry with the same id is stored once', example: 'c-1' });

/** `message:send` payload: to a room, or to one user (direct message). */
export const SendMessagePayloadSchema = z.union([
  z.object({ room: RoomNameSchema, body, client_msg_id: clientMsgId }).strict(),
  z.object({ to_user: UserIdSchema, body, client_msg_id: clientMsgId }).strict(),
]);

/** `POST /v1/rooms/{room}/messages` body. */
export const PublishBodySchema = z.object({ body, client_msg_id: clientMsgId }).strict().meta({ id: 'PublishMessage' });

export const SendReceiptSchema = z
  .object({
    message_id: z.string().meta({ description: 'derived from the sender and client_msg_id, so a retry answers the same id', example: '5b0e7c1d-93a4-5f62-8e1b-2d7c4a9f6e30' }),
    client_msg_id: z.string().meta({ example: 'c-1' }),
    stream_seq: z.number().int().meta({ description: 'its sequence in JetStream stream CHAT (not the room seq, which the core gives)', example: 1843 }),
    room: z.string().meta({ example: 'general' }),
  })
  .meta({ id: 'SendReceipt' });

export type SendMessageInput = z.infer<typeof SendMessagePayloadSchema>;
export type SendReceipt = z.infer<typeof SendReceiptSchema>;

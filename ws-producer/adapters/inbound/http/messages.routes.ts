import { z } from 'zod';
import type { HttpRouter } from '#kernel/http/http-router';
import type { Principal } from '#contracts/auth/principal';
import { RoomNameSchema } from '#contracts/chat/rooms';
import type { SendMessageUseCase } from '../../../application/use-cases/send-message/send-message.use-case';
import { PublishBodySchema, SendReceiptSchema } from '../../../application/use-cases/send-message/send-message.schema';

/** HTTP publish: the same semantics as the `message:send` frame (201 after the JetStream PubAck). */
export function messagesRoutes(sendMessage: SendMessageUseCase) {
  return (router: HttpRouter<Principal>): void => {
    router.add({
      method: 'post',
      path: '/v1/rooms/:room/messages',
      tag: 'messages',
      summary: 'Publish a message to a room (stored durably before the answer)',
      auth: true,
      params: z.object({ room: RoomNameSchema.meta({ example: 'general' }) }),
      body: PublishBodySchema,
      responses: {
        201: { description: 'Stored in JetStream; it will be persisted and delivered', schema: SendReceiptSchema },
        403: { description: 'You may not post to this room' },
        404: { description: 'No such room' },
        413: { description: 'Body over 4,000 characters' },
        503: { description: 'JetStream or the messaging core is unavailable; nothing was stored' },
      },
      handler: async ({ params, body, principal }) => ({ status: 201, body: await sendMessage.run(principal.userId, { room: params.room, ...body }) }),
    });
  };
}

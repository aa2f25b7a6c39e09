import { ChatPublishSchema, idempotencyKey, messageIdOf } from './chat-payloads';

const publish = (body: string, clientMsgId = 'c-1') => ({
  message_id: messageIdOf(idempotencyKey('7', clientMsgId)),
  room: 'general',
  sender_id: '7',
  body,
  client_msg_id: clientMsgId,
  sent_at: new Date().toISOString(),
});

describe('ChatPublishSchema (what the core accepts from stream CHAT)', () => {
  it('counts the body in code points, as the edge and PostgreSQL do: 4,000 emoji pass, 4,001 characters do not', () => {
    expect(ChatPublishSchema.safeParse(publish('🙂'.repeat(4_000))).success).toBe(true);
    expect(ChatPublishSchema.safeParse(publish('x'.repeat(4_001))).success).toBe(false);
    expect(ChatPublishSchema.safeParse(publish('🙂'.repeat(4_001))).success).toBe(false);
  });

  it('refuses a message id that is not derived from sender and client_msg_id', () => {
    expect(ChatPublishSchema.safeParse({ ...publish('hi'), message_id: messageIdOf('someone:else') }).success).toBe(false);
  });
});

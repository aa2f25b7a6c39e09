import { idempotencyKey, messageIdOf, type ChatPublish } from '#contracts/chat/chat-payloads';
import type { MessagePublisherPort } from './message-publisher.port';

export interface MessagePublisherSubject {
  publisher: MessagePublisherPort;
  /** What the stream holds now, in stream order. */
  stored(): Promise<ChatPublish[]>;
}

let n = 0;
/** A valid message:send as the edge publishes it, with its idempotency key. */
export function chatPublish(room: string, senderId = '7', clientMsgId = `c-${++n}-${Date.now()}`): { message: ChatPublish; msgId: string } {
  const msgId = idempotencyKey(senderId, clientMsgId);
  return {
    msgId,
    message: { message_id: messageIdOf(msgId), room, sender_id: senderId, body: `body ${clientMsgId}`, client_msg_id: clientMsgId, sent_at: new Date().toISOString() },
  };
}

/** What every MessagePublisherPort promises (JetStream in production, a fake in unit tests). */
export function describeMessagePublisherContract(name: string, makeSubject: () => Promise<MessagePublisherSubject>): void {
  describe(`MessagePublisherPort contract: ${name}`, () => {
    it('answers once stored: the receipt is the stream seq of exactly the message published, seqs growing in publish order', async () => {
      const { publisher, stored } = await makeSubject();
      const [a, b] = [chatPublish('room-a'), chatPublish('room-b')];
      const first = await publisher.publish(a.message, a.msgId);
      const second = await publisher.publish(b.message, b.msgId);
      expect(second.streamSeq).toBeGreaterThan(first.streamSeq);
      expect(await stored()).toEqual([a.message, b.message]);
    });

    it('a repeated msgId is stored once and answers the seq of the first copy', async () => {
      const { publisher, stored } = await makeSubject();
      const a = chatPublish('room-a');
      const first = await publisher.publish(a.message, a.msgId);
      const retry = await publisher.publish({ ...a.message, sent_at: new Date(Date.now() + 1000).toISOString() }, a.msgId);
      expect(retry.streamSeq).toBe(first.streamSeq);
      expect(await stored()).toEqual([a.message]);
    });

    it('publishes in flight at once are each stored once, with distinct seqs', async () => {
      const { publisher, stored } = await makeSubject();
      const messages = Array.from({ length: 50 }, (_, i) => chatPublish(`room-${i % 3}`));
      const receipts = await Promise.all(messages.map((m) => publisher.publish(m.message, m.msgId)));
      expect(new Set(receipts.map((r) => r.streamSeq)).size).toBe(50);
      const kept = await stored();
      expect(kept).toHaveLength(50);
      expect(new Set(kept.map((m) => m.message_id))).toEqual(new Set(messages.map((m) => m.message.message_id)));
    });
  });
}

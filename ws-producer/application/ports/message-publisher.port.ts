import type { ChatPublish } from '#contracts/chat/chat-payloads';

export interface PublishReceipt {
  /** Sequence of the message in stream CHAT. */
  streamSeq: number;
}

export interface MessagePublisherPort {
  /** Stores the message durably (resolves after the JetStream PubAck), de-duplicated by `msgId`; PublicError `unavailable` when JetStream is not. */
  publish(message: ChatPublish, msgId: string): Promise<PublishReceipt>;
}

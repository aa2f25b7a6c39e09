/** A message as stored: `seq` numbers the messages of one room 1, 2, 3 … with no gaps. */
export interface StoredMessage {
  messageId: string;
  room: string;
  seq: number;
  senderId: string;
  body: string;
  clientMsgId: string;
  createdAt: Date;
}

/** A message taken from the stream, not yet numbered. */
export interface IncomingMessage {
  messageId: string;
  room: string;
  senderId: string;
  body: string;
  clientMsgId: string;
  /** JetStream stream sequence, kept for tracing. */
  streamSeq: number;
}

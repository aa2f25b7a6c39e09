import type { JsMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { chatNames } from '#contracts/chat/chat-subjects';
import type { DeadLetters } from '#kernel/nats/jetstream-consumers';
import type { IndexMessagesUseCase } from '../../../application/use-cases/index-documents/index-messages.use-case';
import { messagesFeed } from './search-feeds';

/** A JetStream message as the feed reads it: its stream sequence, headers and JSON payload. */
function message(seq: number, payload: string, msgId?: string): JsMsg {
  const h = headers();
  if (msgId) h.set('Nats-Msg-Id', msgId);
  return { seq, headers: msgId ? h : undefined, json: () => JSON.parse(payload) } as unknown as JsMsg;
}

describe('messagesFeed: which messages of CHAT the indexer keys, and which it leaves to chat', () => {
  const feed = messagesFeed(chatNames('t_'), {} as IndexMessagesUseCase);
  const deadLetters = {} as DeadLetters;

  it('keys a message by its Nats-Msg-Id, or by sender_id:client_msg_id of its payload when the header is missing', () => {
    expect(feed.parse(message(7, '{}', '42:abc'), deadLetters)).toEqual({ key: '42:abc', streamSeq: 7 });
    expect(feed.parse(message(8, JSON.stringify({ sender_id: '42', client_msg_id: 'xyz' })), deadLetters)).toEqual({ key: '42:xyz', streamSeq: 8 });
  });

  it('skips (never dead-letters) what chat cannot store either: bad JSON, no sender, a key of the wrong shape', () => {
    for (const msg of [message(1, 'not json'), message(2, '{"client_msg_id":"a"}'), message(3, JSON.stringify({ sender_id: 'bob', client_msg_id: 'a' })), message(4, '{}', 'bad key with spaces')]) {
      expect(feed.parse(msg, deadLetters)).toBeUndefined();
    }
  });
});

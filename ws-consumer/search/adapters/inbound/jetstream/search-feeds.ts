import type { JsMsg } from '@nats-io/jetstream';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import { idempotencyKey } from '#contracts/chat/chat-payloads';
import { TicketingEventSchema, type TicketingEvent } from '#contracts/ticketing/ticketing-events';
import type { TicketingNames } from '#contracts/ticketing/ticketing-names';
import { UserRegisteredSchema, userEventNames, type UserRegistered } from '#contracts/auth/user-events';
import type { StreamedMessage } from '../../../application/ports/stored-messages.port';
import type { IndexMessagesUseCase } from '../../../application/use-cases/index-documents/index-messages.use-case';
import type { IndexUsersUseCase } from '../../../application/use-cases/index-documents/index-users.use-case';
import type { IndexEventsUseCase } from '../../../application/use-cases/index-documents/index-events.use-case';
import type { IndexFeed } from './jetstream-indexing.consumer';

/** An idempotency key as the edge writes it: `<sender_id>:<client_msg_id>`. */
const MESSAGE_KEY = /^\d{1,18}:[\x21-\x7e]{1,128}$/;

/**
 * A message's idempotency key: its Nats-Msg-Id as the edge sets it, else what chat derives from
 * the payload; undefined for a message chat cannot store either (chat dead-letters those itself).
 */
function messageKey(msg: JsMsg): string | undefined {
  const header = msg.headers?.get('Nats-Msg-Id') ?? '';
  if (MESSAGE_KEY.test(header)) return header;
  try {
    const { sender_id, client_msg_id } = msg.json<{ sender_id?: unknown; client_msg_id?: unknown }>();
    const key = typeof sender_id === 'string' && typeof client_msg_id === 'string' ? idempotencyKey(sender_id, client_msg_id) : '';
    return MESSAGE_KEY.test(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Stream CHAT: each message by its idempotency key, looked up in chat's store (IndexMessagesUseCase); what chat refuses is skipped. */
export function messagesFeed(names: ChatNames, useCase: IndexMessagesUseCase): IndexFeed<StreamedMessage> {
  return {
    index: 'messages',
    stream: names.chatStream,
    durable: names.searchConsumer,
    filterSubject: names.chatSubjects,
    parse: (msg: JsMsg) => {
      const key = messageKey(msg);
      return key === undefined ? undefined : { key, streamSeq: msg.seq };
    },
    write: async (items) => void (await useCase.run(items)),
  };
}

/** Stream USERS: user.registered. */
export function usersFeed(prefix: string, useCase: IndexUsersUseCase): IndexFeed<UserRegistered> {
  const names = userEventNames(prefix);
  return {
    index: 'users',
    stream: names.stream,
    durable: names.searchConsumer,
    filterSubject: names.subjects,
    parse: (msg, deadLetters) => deadLetters.parse(msg, UserRegisteredSchema) ?? 'dead-lettered',
    write: (items) => useCase.run(items),
  };
}

/** Stream TICKETING: event.created. */
export function eventsFeed(names: TicketingNames, useCase: IndexEventsUseCase): IndexFeed<Extract<TicketingEvent, { type: 'event.created' }>> {
  return {
    index: 'events',
    stream: names.stream,
    durable: names.searchConsumer,
    filterSubject: names.subject('event.created'),
    parse: (msg, deadLetters) => {
      const event = deadLetters.parse(msg, TicketingEventSchema);
      if (!event) return 'dead-lettered';
      return event.type === 'event.created' ? event : undefined;
    },
    write: (items) => useCase.run(items),
  };
}

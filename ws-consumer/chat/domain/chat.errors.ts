import { DomainError } from '#kernel/domain/domain-error';

/** Expected failures of the messaging core; inbound adapters map each code in one table. */
export type ChatErrorCode =
  | 'ROOM.NOT_FOUND'
  | 'ROOM.FORBIDDEN'
  | 'ROOM.READ_ONLY'
  | 'ROOM.ALREADY_EXISTS'
  | 'ROOM.INVALID'
  | 'USER.NOT_FOUND';

export class ChatError extends DomainError<ChatErrorCode> {
  override readonly name = 'ChatError';
}

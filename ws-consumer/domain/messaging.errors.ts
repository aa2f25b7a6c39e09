/** Expected failures of the messaging core; inbound adapters map each code in one table. */
export type MessagingErrorCode =
  | 'ROOM.NOT_FOUND'
  | 'ROOM.FORBIDDEN'
  | 'ROOM.READ_ONLY'
  | 'ROOM.ALREADY_EXISTS'
  | 'ROOM.INVALID'
  | 'USER.NOT_FOUND';

export class MessagingError extends Error {
  override readonly name = 'MessagingError';

  constructor(
    readonly code: MessagingErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

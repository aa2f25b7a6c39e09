import { DomainError } from '#kernel/domain/domain-error';

/** Expected failures at the edge; inbound adapters map each code (WebSocket error frames, HTTP, gRPC) in one table. */
export type EdgeErrorCode = 'MESSAGE.TOO_LARGE' | 'MESSAGE.TO_SELF' | 'POST.TOO_LARGE' | 'ROOM.NOT_JOINED' | 'AUTH.GUEST_READ_ONLY' | 'AUTH.USER_MISMATCH';

export class EdgeError extends DomainError<EdgeErrorCode> {
  override readonly name = 'EdgeError';
}

import type { ErrorKind } from '#kernel/errors/error-kind';
import { errorTable } from '#kernel/errors/error-table';
import { ChatError, type ChatErrorCode } from '../../domain/chat.errors';

/** The one table mapping the messaging core's domain errors to the client vocabulary (HTTP and NATS replies alike). */
const KIND: Record<ChatErrorCode, ErrorKind> = {
  'ROOM.NOT_FOUND': 'not_found',
  'ROOM.FORBIDDEN': 'forbidden',
  'ROOM.READ_ONLY': 'forbidden',
  'ROOM.ALREADY_EXISTS': 'conflict',
  'ROOM.INVALID': 'bad_request',
  'USER.NOT_FOUND': 'not_found',
};

export const translateChatError = errorTable(ChatError, KIND);

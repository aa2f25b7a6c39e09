import type { ErrorKind } from '#kernel/errors/error-kind';
import { errorTable } from '#kernel/errors/error-table';
import { EdgeError, type EdgeErrorCode } from '../../domain/edge.errors';

/** The one table mapping the edge's domain errors to the client vocabulary (WebSocket, HTTP, gRPC). */
const KIND: Record<EdgeErrorCode, ErrorKind> = {
  'MESSAGE.TOO_LARGE': 'too_large',
  'MESSAGE.TO_SELF': 'bad_request',
  'POST.TOO_LARGE': 'too_large',
  'ROOM.NOT_JOINED': 'forbidden',
  'AUTH.GUEST_READ_ONLY': 'forbidden',
  'AUTH.USER_MISMATCH': 'unauthorized',
};

export const translateEdgeError = errorTable(EdgeError, KIND);

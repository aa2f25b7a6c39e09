import { PublicError, type ErrorKind, type ErrorTranslator } from '#kernel/errors/error-kind';
import { EdgeError, type EdgeErrorCode } from '../../domain/edge.errors';

/** The one table mapping the edge's domain errors to the client vocabulary (WebSocket, HTTP, gRPC). */
const KIND: Record<EdgeErrorCode, ErrorKind> = {
  'MESSAGE.TOO_LARGE': 'too_large',
  'MESSAGE.TO_SELF': 'bad_request',
  'ROOM.NOT_JOINED': 'forbidden',
  'AUTH.GUEST_READ_ONLY': 'forbidden',
  'AUTH.USER_MISMATCH': 'unauthorized',
};

export const translateEdgeError: ErrorTranslator = (error) => (error instanceof EdgeError ? new PublicError(KIND[error.code], error.message, error.code) : undefined);

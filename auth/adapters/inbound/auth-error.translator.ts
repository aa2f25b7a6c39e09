import type { ErrorKind } from '#kernel/errors/error-kind';
import { errorTable } from '#kernel/errors/error-table';
import { AuthError, type AuthErrorCode } from '../../domain/auth.errors';

/** The one table mapping auth's domain errors to the client vocabulary (HTTP and gRPC alike). */
const KIND: Record<AuthErrorCode, ErrorKind> = {
  'AUTH.USERNAME_TAKEN': 'conflict',
  'AUTH.EMAIL_TAKEN': 'conflict',
  'AUTH.PHONE_TAKEN': 'conflict',
  'AUTH.INVALID_CREDENTIALS': 'unauthorized',
  'AUTH.INVALID_TOKEN': 'unauthorized',
  'AUTH.INVALID_REFRESH_TOKEN': 'unauthorized',
  'AUTH.REFRESH_TOKEN_REUSED': 'unauthorized',
  'AUTH.RATE_LIMITED': 'rate_limited',
  'AUTH.USER_NOT_FOUND': 'not_found',
  'AUTH.UNKNOWN_ROLE': 'bad_request',
};

export const translateAuthError = errorTable(AuthError, KIND);

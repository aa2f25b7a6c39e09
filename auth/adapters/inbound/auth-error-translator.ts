import { PublicError, type ErrorKind, type ErrorTranslator } from '#kernel/errors/error-kind';
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
};

export const translateAuthError: ErrorTranslator = (error) =>
  error instanceof AuthError ? new PublicError(KIND[error.code], error.message, error.code, error.details) : undefined;

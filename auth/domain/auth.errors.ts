import { DomainError } from '#kernel/domain/domain-error';

/** Expected auth failures. Inbound adapters map each code to an HTTP/gRPC status in one table. */
export type AuthErrorCode =
  | 'AUTH.USERNAME_TAKEN'
  | 'AUTH.EMAIL_TAKEN'
  | 'AUTH.PHONE_TAKEN'
  | 'AUTH.INVALID_CREDENTIALS'
  | 'AUTH.INVALID_TOKEN'
  | 'AUTH.INVALID_REFRESH_TOKEN'
  | 'AUTH.REFRESH_TOKEN_REUSED'
  | 'AUTH.RATE_LIMITED'
  | 'AUTH.USER_NOT_FOUND'
  | 'AUTH.UNKNOWN_ROLE';

export class AuthError extends DomainError<AuthErrorCode> {
  override readonly name = 'AuthError';
}

/** The account field another user already has: username and email (case-insensitively) and phone are unique. */
export function takenError(field: 'username' | 'email' | 'phone'): AuthError {
  const code = ({ username: 'AUTH.USERNAME_TAKEN', email: 'AUTH.EMAIL_TAKEN', phone: 'AUTH.PHONE_TAKEN' } as const)[field];
  return new AuthError(code, field === 'username' ? 'username is already taken' : `${field} is already registered`, { field });
}

/** Why an access token was refused; reported by ValidateToken. */
export type TokenRejection =
  | 'malformed'
  | 'algorithm_not_allowed'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'revoked';

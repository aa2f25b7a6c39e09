/** Dependency-injection tokens of the auth service; main.ts registers them (and the in-memory container of the unit tests). */
export const USER_REPOSITORY = Symbol('USER_REPOSITORY');
export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');
export const ACCESS_TOKEN_SIGNER = Symbol('ACCESS_TOKEN_SIGNER');
export const REFRESH_TOKEN_REPOSITORY = Symbol('REFRESH_TOKEN_REPOSITORY');
export const REVOCATION_LIST = Symbol('REVOCATION_LIST');
export const LOGIN_RATE_LIMITER = Symbol('LOGIN_RATE_LIMITER');
export const REVOCATION_PUBLISHER = Symbol('REVOCATION_PUBLISHER');
export const CLOCK = Symbol('CLOCK');
export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');
export const USER_EVENTS_PUBLISHER = Symbol('USER_EVENTS_PUBLISHER');

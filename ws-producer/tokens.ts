/** Dependency-injection tokens of ws-producer; only main.ts registers them. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const MESSAGE_PUBLISHER = Symbol('MESSAGE_PUBLISHER');
export const CORE_CLIENT = Symbol('CORE_CLIENT');

/** Dependency-injection tokens of ws-producer; main.ts registers them (and the in-memory container of the unit tests). */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const MESSAGE_PUBLISHER = Symbol('MESSAGE_PUBLISHER');
export const POST_PUBLISHER = Symbol('POST_PUBLISHER');
export const CORE_CLIENT = Symbol('CORE_CLIENT');
export const DELIVERY_FEED = Symbol('DELIVERY_FEED');
export const OUTBOX = Symbol('OUTBOX');
export const EDGE_STATS = Symbol('EDGE_STATS');
export const TELEMETRY = Symbol('TELEMETRY');
export const LOGGER = Symbol('LOGGER');
export const EDGE_SETTINGS = Symbol('EDGE_SETTINGS');
export const FEED_CLIENT = Symbol('FEED_CLIENT');
export const POST_FEED = Symbol('POST_FEED');

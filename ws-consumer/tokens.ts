/** Dependency-injection tokens of ws-consumer; only main.ts registers them. */
export const ROOM_REPOSITORY = Symbol('ROOM_REPOSITORY');
export const MESSAGE_STORE = Symbol('MESSAGE_STORE');
export const DELIVERY_PUBLISHER = Symbol('DELIVERY_PUBLISHER');
export const PRESENCE = Symbol('PRESENCE');

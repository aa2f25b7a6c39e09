/** Dependency-injection tokens of the chat module; only chat.module.ts registers them. */
export const ROOM_REPOSITORY = Symbol('ROOM_REPOSITORY');
export const MESSAGE_STORE = Symbol('MESSAGE_STORE');
export const DELIVERY_PUBLISHER = Symbol('DELIVERY_PUBLISHER');
export const PRESENCE_TRACKER = Symbol('PRESENCE_TRACKER');

/** Dependency-injection tokens of the chat module; chat.module.ts registers them (and the in-memory container of the unit tests). */
export const ROOM_REPOSITORY = Symbol('ROOM_REPOSITORY');
export const MESSAGE_STORE = Symbol('MESSAGE_STORE');
export const DELIVERY_PUBLISHER = Symbol('DELIVERY_PUBLISHER');
export const PRESENCE_TRACKER = Symbol('PRESENCE_TRACKER');

/** Dependency-injection tokens of the search module; search.module.ts registers them (and the in-memory container of the unit tests). */
export const SEARCH_INDEX = Symbol('SEARCH_INDEX');
export const ROOM_MEMBERSHIP = Symbol('ROOM_MEMBERSHIP');
export const STORED_MESSAGES = Symbol('STORED_MESSAGES');
export const PERSIST_PROGRESS = Symbol('PERSIST_PROGRESS');
export const SEARCH_SOURCES = Symbol('SEARCH_SOURCES');

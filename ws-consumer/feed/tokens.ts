/** Dependency-injection tokens of the feed module; feed.module.ts registers them. */
export const POST_REPOSITORY = Symbol('POST_REPOSITORY');
export const FOLLOW_REPOSITORY = Symbol('FOLLOW_REPOSITORY');
export const FEED_NOTIFIER = Symbol('FEED_NOTIFIER');

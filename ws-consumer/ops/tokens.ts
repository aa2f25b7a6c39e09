/** Dependency-injection tokens of the ops module; ops.module.ts registers them. */
export const CONSUMER_STATS = Symbol('CONSUMER_STATS');
/** The durable consumers the core's modules run (what the report covers). */
export const CORE_CONSUMERS = Symbol('CORE_CONSUMERS');

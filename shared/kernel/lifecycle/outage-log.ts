import type { Logger } from '../logging/logger';

/** What a line says of an error: its code and message (drivers hang whole clients and sockets on their errors). */
const reasonOf = (error: unknown): string => {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  return [code, message ?? String(error)].filter((part) => part !== undefined && part !== '').join(': ');
};

/**
 * The log of one dependency's outage: a line when it starts, a summary every `summaryEveryMs`
 * while it lasts (attempts failed, seconds, and what the caller adds, such as how much work
 * waits), and a line when it ends. Not a warning per failed attempt: a 10 s database cut once
 * wrote 1,516 of them.
 */
export class OutageLog {
  private since: number | undefined;
  private failures = 0;
  private lastLine = 0;

  constructor(
    private readonly logger: Logger,
    /** What is away, as the lines say it: `PostgreSQL (persisting messages)`. */
    private readonly what: string,
    private readonly summaryEveryMs = 10_000,
  ) {}

  /** True from the first failure until `recovered`. */
  get active(): boolean {
    return this.since !== undefined;
  }

  failed(error: unknown, facts: Record<string, unknown> = {}): void {
    const now = Date.now();
    this.failures++;
    if (this.since === undefined) {
      this.since = this.lastLine = now;
      this.logger.warn({ reason: reasonOf(error), ...facts }, `${this.what} unavailable; retrying until it is back`);
    } else if (now - this.lastLine >= this.summaryEveryMs) {
      this.lastLine = now;
      this.logger.warn({ failures: this.failures, seconds: this.seconds(now), ...facts }, `${this.what} still unavailable`);
    }
  }

  recovered(facts: Record<string, unknown> = {}): void {
    if (this.since === undefined) return;
    this.logger.info({ failures: this.failures, seconds: this.seconds(Date.now()), ...facts }, `${this.what} back`);
    this.since = undefined;
    this.failures = 0;
  }

  private seconds(now: number): number {
    return Math.round((now - (this.since as number)) / 100) / 10;
  }
}

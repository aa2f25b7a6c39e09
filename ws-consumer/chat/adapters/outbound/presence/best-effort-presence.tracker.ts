import { PublicError } from '#kernel/errors/error-kind';
import type { Degradation } from '#kernel/lifecycle/degradation';
import type { PresenceEntry, PresenceTrackerPort } from '../../../application/ports/presence-tracker.port';

/**
 * Presence is a convenience: joins and recovery must not wait for it. While its store is away a
 * join or leave is not announced (presence unknown), a refresh is skipped, and a presence list
 * answers `unavailable`; everything else goes on, counted and logged by the degradation.
 */
export class BestEffortPresenceTracker implements PresenceTrackerPort {
  constructor(
    private readonly tracker: PresenceTrackerPort,
    private readonly degradation: Degradation,
  ) {}

  join(entry: PresenceEntry): Promise<boolean> {
    return this.degradation.attempt(() => this.tracker.join(entry), () => false);
  }

  leave(entry: PresenceEntry): Promise<boolean> {
    return this.degradation.attempt(() => this.tracker.leave(entry), () => false);
  }

  refresh(entries: PresenceEntry[]): Promise<void> {
    return this.degradation.attempt(() => this.tracker.refresh(entries), () => undefined);
  }

  list(room: string): Promise<string[]> {
    return this.degradation.attempt(
      () => this.tracker.list(room),
      () => {
        throw new PublicError('unavailable', 'presence is unknown while its store (Redis) is unavailable');
      },
    );
  }
}

import type { RevocationListPort } from '../../../application/ports/revocation-list.port';
import type { ClockPort } from '../../../application/ports/clock.port';

/** The fake of RedisRevocationList for use-case tests; passing the same contract suite keeps it from drifting. */
export class InMemoryRevocationList implements RevocationListPort {
  private readonly until = new Map<string, number>();

  constructor(private readonly clock: ClockPort = { now: () => new Date() }) {}

  async revokeToken(tokenId: string, untilEpochSeconds: number): Promise<void> {
    if (untilEpochSeconds * 1000 > this.clock.now().getTime()) this.until.set(`token:${tokenId}`, untilEpochSeconds * 1000);
  }

  async revokeSession(sessionId: string, forSeconds: number): Promise<void> {
    this.until.set(`session:${sessionId}`, this.clock.now().getTime() + forSeconds * 1000);
  }

  async isRevoked(tokenId: string, sessionId: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    return [`token:${tokenId}`, `session:${sessionId}`].some((key) => (this.until.get(key) ?? 0) > now);
  }
}

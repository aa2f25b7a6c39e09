import { refusalOf, type RefreshTokenRecord, type RotationOutcome } from '../../../domain/session';
import type { RefreshTokenRepositoryPort } from '../../../application/ports/refresh-token-repository.port';
import type { ClockPort } from '../../../application/ports/clock.port';

interface StoredRefreshToken extends RefreshTokenRecord {
  rotated: boolean;
  revoked: boolean;
}

/** The fake of PgRefreshTokenRepository for use-case tests; passing the same contract suite keeps it from drifting. */
export class InMemoryRefreshTokenRepository implements RefreshTokenRepositoryPort {
  private readonly tokens = new Map<string, StoredRefreshToken>();

  constructor(private readonly clock: ClockPort = { now: () => new Date() }) {}

  async create(record: RefreshTokenRecord): Promise<void> {
    this.tokens.set(record.tokenHash, { ...record, rotated: false, revoked: false });
  }

  async rotate(tokenHash: string, next: (current: { userId: string; sessionId: string }) => RefreshTokenRecord): Promise<RotationOutcome> {
    const token = this.tokens.get(tokenHash);
    const refusal = refusalOf(token && { ...token, expired: token.expiresAt <= this.clock.now() });
    if (refusal || !token) return refusal ?? { kind: 'unknown' };
    const current = { userId: token.userId, sessionId: token.sessionId };
    token.rotated = true;
    await this.create(next(current));
    return { kind: 'rotated', ...current };
  }

  async revokeSession(sessionId: string): Promise<number> {
    let live = 0;
    for (const token of this.tokens.values()) {
      if (token.sessionId !== sessionId || token.revoked || token.rotated) continue;
      token.revoked = true;
      live++;
    }
    return live;
  }

  async findSession(tokenHash: string): Promise<{ userId: string; sessionId: string } | null> {
    const token = this.tokens.get(tokenHash);
    return token && !token.revoked ? { userId: token.userId, sessionId: token.sessionId } : null;
  }
}

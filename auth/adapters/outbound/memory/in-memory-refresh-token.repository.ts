import { takenError } from '../../../domain/auth.errors';
import type { NewUser, User } from '../../../domain/user.entity';
import { refusalOf, type RefreshTokenRecord, type RotationOutcome } from '../../../domain/session';
import type { RevocationNotice } from '#contracts/auth/revocation';
import type { UserRepositoryPort } from '../../../application/ports/user-repository.port';
import type { RefreshTokenRepositoryPort } from '../../../application/ports/refresh-tokens.port';
import type { RevokedTokensPort } from '../../../application/ports/revoked-tokens.port';
import type { LoginRateLimiterPort, RateDecision } from '../../../application/ports/login-rate-limiter.port';
import type { RevocationPublisherPort } from '../../../application/ports/revocation-publisher.port';
import type { PasswordHasherPort } from '../../../application/ports/password-hasher.port';
import type { ClockPort } from '../../../application/ports/clock.port';

// In-memory adapters for use-case tests. Each one passes the same contract suite as its real
// counterpart (see *.contract.ts), so they cannot drift from PostgreSQL and Redis behaviour.

export class InMemoryUserRepository implements UserRepositoryPort {
  private readonly users: User[] = [];
  private nextId = 1;

  async create(user: NewUser): Promise<User> {
    const same = (a: string | null, b: string | null) => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
    for (const field of ['username', 'email', 'phone'] as const) if (this.users.some((u) => same(u[field], user[field]))) throw takenError(field);
    const created: User = { ...user, id: String(this.nextId++), createdAt: new Date() };
    this.users.push(created);
    return created;
  }

  async findByLogin(login: { username?: string; email?: string }): Promise<User | null> {
    const wanted = (login.username ?? login.email ?? '').toLowerCase();
    const field = login.username !== undefined ? 'username' : 'email';
    return this.users.find((u) => u[field].toLowerCase() === wanted) ?? null;
  }

  async findById(id: string): Promise<User | null> {
    return this.users.find((u) => u.id === id) ?? null;
  }
}

interface StoredRefreshToken extends RefreshTokenRecord {
  rotated: boolean;
  revoked: boolean;
}

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

export class InMemoryRevokedTokens implements RevokedTokensPort {
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

export class InMemoryLoginRateLimiter implements LoginRateLimiterPort {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limits: { perAccount: number; perIp: number; windowMs: number },
    private readonly clock: ClockPort = { now: () => new Date() },
  ) {}

  async consume(account: string, ip: string): Promise<RateDecision> {
    const waits = [this.hit(`account:${account}`, this.limits.perAccount), this.hit(`ip:${ip}`, this.limits.perIp)];
    const retryAfterMs = Math.max(...waits);
    return { allowed: retryAfterMs === 0, retryAfterMs };
  }

  private hit(key: string, limit: number): number {
    const now = this.clock.now().getTime();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) window = { count: 0, resetAt: now + this.limits.windowMs };
    window.count++;
    this.windows.set(key, window);
    return window.count > limit ? window.resetAt - now : 0;
  }
}

export class InMemoryRevocationPublisher implements RevocationPublisherPort {
  readonly events: RevocationNotice[] = [];

  async publish(event: RevocationNotice): Promise<void> {
    this.events.push(event);
  }
}

/** Reversible and fast, for use-case tests only: a real hasher is tested on its own. */
export class PlainTextPasswordHasher implements PasswordHasherPort {
  async hash(password: string): Promise<string> {
    return `plain$${password}`;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    return hash === `plain$${password}`;
  }
}

/** A clock the test moves by hand. */
export class ManualClock implements ClockPort {
  constructor(private current = new Date('2026-01-01T00:00:00Z')) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

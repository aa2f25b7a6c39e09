import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import { guarded } from '#kernel/nats/nats-connection';
import { revocationSubject, RevocationNoticeSchema } from '#contracts/auth/revocation';
import type { ListableRevocationListPort, RevocationListPort } from '../../../application/ports/revocation-list.port';

/**
 * The Redis revocation list with an in-process mirror, so ValidateToken does not wait on Redis
 * (a third of its throughput, bench/auth-validate). The mirror is loaded from Redis at start and
 * kept current by the `auth.revoked` events every auth instance publishes after writing Redis.
 * While NATS is disconnected events may be missed, so until it is back and the mirror reloaded,
 * answers come from Redis itself. Another instance's revocation is seen here within the NATS hop.
 */
export class MirroredRevocationList implements RevocationListPort {
  private readonly until = new Map<string, number>();
  private synced = false;
  private subscription: Subscription | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly subject: string;

  constructor(
    private readonly source: ListableRevocationListPort,
    private readonly nc: NatsConnection,
    prefix: string,
    /** How long a revocation heard over NATS is kept: the access-token lifetime. */
    private readonly horizonSeconds: number,
    private readonly logger: Logger,
  ) {
    this.subject = revocationSubject(prefix);
  }

  async start(): Promise<void> {
    this.subscription = this.nc.subscribe(this.subject, {
      callback: guarded(this.logger, this.subject, (msg) => this.remember(RevocationNoticeSchema.parse(msg.json()), Date.now() + this.horizonSeconds * 1000)),
    });
    void this.followConnection();
    await this.nc.flush();
    await this.reload();
    this.purgeTimer = setInterval(() => this.purge(), 60_000);
    this.purgeTimer.unref();
  }

  stop(): void {
    clearInterval(this.purgeTimer);
    this.subscription?.unsubscribe();
  }

  async revokeToken(tokenId: string, untilEpochSeconds: number): Promise<void> {
    await this.source.revokeToken(tokenId, untilEpochSeconds);
    this.until.set(`token:${tokenId}`, untilEpochSeconds * 1000);
  }

  async revokeSession(sessionId: string, forSeconds: number): Promise<void> {
    await this.source.revokeSession(sessionId, forSeconds);
    this.until.set(`session:${sessionId}`, Date.now() + forSeconds * 1000);
  }

  async isRevoked(tokenId: string, sessionId: string): Promise<boolean> {
    if (!this.synced) return this.source.isRevoked(tokenId, sessionId);
    const now = Date.now();
    return (this.until.get(`token:${tokenId}`) ?? 0) > now || (this.until.get(`session:${sessionId}`) ?? 0) > now;
  }

  private remember(notice: { token_id?: string; session_id?: string }, untilMs: number): void {
    if (notice.token_id) this.until.set(`token:${notice.token_id}`, Math.max(untilMs, this.until.get(`token:${notice.token_id}`) ?? 0));
    if (notice.session_id) this.until.set(`session:${notice.session_id}`, Math.max(untilMs, this.until.get(`session:${notice.session_id}`) ?? 0));
  }

  private async reload(): Promise<void> {
    for (const { key, expiresAtMs } of await this.source.entries()) this.until.set(key, Math.max(expiresAtMs, this.until.get(key) ?? 0));
    this.synced = true;
  }

  private async followConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.synced = false;
      if (status.type === 'reconnect') await this.reload().catch(() => undefined);
    }
  }

  private purge(): void {
    const now = Date.now();
    for (const [key, until] of this.until) if (until <= now) this.until.delete(key);
  }
}

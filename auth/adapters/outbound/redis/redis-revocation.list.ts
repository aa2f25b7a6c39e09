import type { Redis } from 'ioredis';
import type { ListableRevocationListPort } from '../../../application/ports/revocation-list.port';

/** The revocation list lives in Redis with expiries, so it never outgrows the tokens it blocks. */
export class RedisRevocationList implements ListableRevocationListPort {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async revokeToken(tokenId: string, untilEpochSeconds: number): Promise<void> {
    if (untilEpochSeconds * 1000 <= Date.now()) return; // already expired: nothing to block
    await this.redis.set(this.tokenKey(tokenId), '1', 'EXAT', untilEpochSeconds);
  }

  async revokeSession(sessionId: string, forSeconds: number): Promise<void> {
    await this.redis.set(this.sessionKey(sessionId), '1', 'EX', forSeconds);
  }

  async isRevoked(tokenId: string, sessionId: string): Promise<boolean> {
    return (await this.redis.exists(this.tokenKey(tokenId), this.sessionKey(sessionId))) > 0;
  }

  /** Every live revocation, for a process that mirrors the list in memory. */
  async entries(): Promise<{ key: string; expiresAtMs: number }[]> {
    const root = `${this.keyPrefix}auth:revoked:`;
    const found: { key: string; expiresAtMs: number }[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${root}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const ttls = (await this.redis.pipeline(keys.map((key) => ['pttl', key])).exec()) ?? [];
      const now = Date.now();
      keys.forEach((key, i) => {
        const ttl = Number(ttls[i]?.[1] ?? -2);
        if (ttl > 0) found.push({ key: key.slice(root.length), expiresAtMs: now + ttl });
      });
    } while (cursor !== '0');
    return found;
  }

  private tokenKey(tokenId: string): string {
    return `${this.keyPrefix}auth:revoked:token:${tokenId}`;
  }

  private sessionKey(sessionId: string): string {
    return `${this.keyPrefix}auth:revoked:session:${sessionId}`;
  }
}

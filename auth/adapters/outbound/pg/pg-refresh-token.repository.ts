import type { Pool } from 'pg';
import { withTransaction } from '#kernel/pg/pg-pool';
import { z } from 'zod';
import { refusalOf, type RefreshTokenRecord, type RotationOutcome } from '../../../domain/session';
import type { RefreshTokenRepositoryPort } from '../../../application/ports/refresh-token-repository.port';

const SessionRow = z.object({ user_id: z.string(), session_id: z.string(), rotated: z.boolean(), revoked: z.boolean(), expired: z.boolean() });

export class PgRefreshTokenRepository implements RefreshTokenRepositoryPort {
  constructor(private readonly pool: Pool) {}

  async create(record: RefreshTokenRecord): Promise<void> {
    await this.pool.query('INSERT INTO refresh_tokens (token_hash, user_id, session_id, expires_at) VALUES ($1, $2, $3, $4)', [
      record.tokenHash,
      record.userId,
      record.sessionId,
      record.expiresAt,
    ]);
  }

  async rotate(tokenHash: string, next: (current: { userId: string; sessionId: string }) => RefreshTokenRecord): Promise<RotationOutcome> {
    return withTransaction(this.pool, async (client) => {
      // The row lock serialises concurrent rotations of one token: the second sees rotated_at set.
      const { rows } = await client.query(
        `SELECT user_id::text, session_id::text, rotated_at IS NOT NULL AS rotated, revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired
           FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
        [tokenHash],
      );
      return this.decide(client, tokenHash, rows[0] ? SessionRow.parse(rows[0]) : undefined, next);
    });
  }

  private async decide(
    client: { query: Pool['query'] },
    tokenHash: string,
    row: z.infer<typeof SessionRow> | undefined,
    next: (current: { userId: string; sessionId: string }) => RefreshTokenRecord,
  ): Promise<RotationOutcome> {
    const refusal = refusalOf(row && { userId: row.user_id, sessionId: row.session_id, rotated: row.rotated, revoked: row.revoked, expired: row.expired });
    if (refusal || !row) return refusal ?? { kind: 'unknown' };
    const current = { userId: row.user_id, sessionId: row.session_id };
    const record = next(current);
    await client.query('UPDATE refresh_tokens SET rotated_at = now() WHERE token_hash = $1', [tokenHash]);
    await client.query('INSERT INTO refresh_tokens (token_hash, user_id, session_id, expires_at) VALUES ($1, $2, $3, $4)', [
      record.tokenHash,
      record.userId,
      record.sessionId,
      record.expiresAt,
    ]);
    return { kind: 'rotated', ...current };
  }

  async revokeSession(sessionId: string): Promise<number> {
    // A refresh holding the live token's row lock makes the first statement wait for its commit,
    // and inserts the session's next token outside that statement's snapshot; the second
    // statement sees and revokes it. A refresh starting later finds its token revoked.
    let revoked = 0;
    for (let round = 0; round < 5; round++) {
      const { rowCount } = await this.pool.query(
        'UPDATE refresh_tokens SET revoked_at = now() WHERE session_id = $1 AND revoked_at IS NULL AND rotated_at IS NULL',
        [sessionId],
      );
      revoked += rowCount ?? 0;
      if (round > 0 && !rowCount) break;
    }
    return revoked;
  }

  async findSession(tokenHash: string): Promise<{ userId: string; sessionId: string } | null> {
    const { rows } = await this.pool.query(
      'SELECT user_id::text, session_id::text FROM refresh_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
      [tokenHash],
    );
    return rows[0] ? { userId: rows[0].user_id, sessionId: rows[0].session_id } : null;
  }
}

import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { JwtAccessTokenSigner } from '../../auth/adapters/outbound/jwt/jwt-access-token.signer';
import { JwtKeyring } from '../../auth/adapters/outbound/jwt/jwt.keyring';

// Bench users: inserted straight into `users` (registering thousands over HTTP would take
// minutes of scrypt) and given access tokens signed as auth signs them.

export interface Users {
  ids: string[];
  usernames: string[];
}

/** Inserts `count` users straight into `users` (no password anyone can log in with). */
export async function insertUsers(db: Pool, prefix: string, count: number): Promise<Users> {
  const { rows } = await db.query<{ id: string; username: string; n: number }>(
    `INSERT INTO users (username, email, password_hash)
     SELECT $1 || g, $1 || g || '@bench.invalid', 'bench: no password' FROM generate_series(1, $2::int) AS g
     RETURNING id::text, username, substr(username, length($1) + 1)::int AS n`,
    [prefix, count],
  );
  const ids = new Array<string>(count);
  const usernames = new Array<string>(count);
  for (const row of rows) {
    ids[row.n - 1] = row.id;
    usernames[row.n - 1] = row.username;
  }
  return { ids, usernames };
}

/** A minter of access tokens for bench users, signed with the run's JWT secret, issuer and audience (each token new: its own session). */
export function tokenMinter(secret: string, issuer: string, audience: string, users: Users): (index: number) => string {
  const signer = new JwtAccessTokenSigner(JwtKeyring.fromSecret(secret), { issuer, audience, ttlSeconds: 2 * 3600 }, { now: () => new Date() });
  return (i) => signer.issue({ userId: users.ids[i], username: users.usernames[i], role: 'user', sessionId: randomUUID() }).token;
}

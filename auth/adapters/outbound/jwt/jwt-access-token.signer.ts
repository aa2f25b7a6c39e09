import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { AuthError, type TokenRejection } from '../../../domain/auth.errors';
import type { AccessTokenClaims } from '../../../domain/session';
import type { AccessTokenSignerPort, IssuedAccessToken, TokenSubject } from '../../../application/ports/access-token-signer.port';
import type { ClockPort } from '../../../application/ports/clock.port';
import type { JwtKeyring } from './jwt.keyring';
import { UserIdSchema } from '#contracts/auth/user-id';
import { RoleClaimSchema } from '#contracts/auth/principal';

// The claims become NATS subjects, Redis keys and SQL parameters downstream: they are checked
// here, where they enter, even on a validly signed token.
const Claims = z.object({
  sub: UserIdSchema,
  jti: z.guid(),
  sid: z.guid(),
  username: z.string().max(64),
  role: RoleClaimSchema,
  iat: z.number(),
  exp: z.number(),
});

function reject(reason: TokenRejection): never {
  throw new AuthError('AUTH.INVALID_TOKEN', `access token rejected: ${reason}`, { reason });
}

const Header = z.object({ alg: z.string(), kid: z.string().optional() });

function headerOf(token: string): z.infer<typeof Header> {
  const dot = token.indexOf('.');
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString());
  } catch {
    reject('malformed');
  }
  const parsed = Header.safeParse(header);
  if (dot < 1 || !parsed.success) reject('malformed');
  return parsed.data;
}

function rejectionOf(error: unknown): TokenRejection {
  if (error instanceof jwt.TokenExpiredError) return 'expired';
  if (error instanceof jwt.NotBeforeError) return 'not_yet_valid';
  const message = error instanceof Error ? error.message : '';
  if (message.includes('audience')) return 'wrong_audience';
  if (message.includes('issuer')) return 'wrong_issuer';
  if (message.includes('signature')) return 'bad_signature';
  if (message.includes('algorithm')) return 'algorithm_not_allowed';
  return 'malformed';
}

export interface JwtOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Seconds of clock skew tolerated on exp and nbf (JWT_CLOCK_TOLERANCE). Default 0: an expired token is expired. */
  clockToleranceSeconds?: number;
}

/** Access tokens as JWTs (jsonwebtoken): sub, jti, sid, username, role, iat, exp, iss, aud and a kid header. */
export class JwtAccessTokenSigner implements AccessTokenSignerPort {
  constructor(
    private readonly keyring: JwtKeyring,
    private readonly options: JwtOptions,
    private readonly clock: ClockPort,
  ) {}

  issue(subject: TokenSubject): IssuedAccessToken {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const claims: AccessTokenClaims = { ...subject, tokenId: randomUUID(), issuedAt, expiresAt: issuedAt + this.options.ttlSeconds };
    const { signing } = this.keyring;
    const token = jwt.sign(
      { sub: claims.userId, jti: claims.tokenId, sid: claims.sessionId, username: claims.username, role: claims.role, iat: claims.issuedAt, exp: claims.expiresAt },
      signing.signingKey,
      { algorithm: signing.algorithm, keyid: signing.kid, issuer: this.options.issuer, audience: this.options.audience },
    );
    return { token, claims };
  }

  verify(token: string): AccessTokenClaims {
    // Only the header is read here (kid, alg); jwt.verify decodes the rest once, on the hot path.
    const header = headerOf(token);
    const key = this.keyring.find(header.kid);
    if (!key) reject(header.alg === 'none' ? 'algorithm_not_allowed' : 'unknown_key');
    // The algorithm comes from our key, never from the token header: this is what defeats
    // `alg: none` and RS256→HS256 confusion.
    if (header.alg !== key.algorithm) reject('algorithm_not_allowed');
    let payload: unknown;
    try {
      payload = jwt.verify(token, key.key, {
        algorithms: [key.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
        clockTolerance: this.options.clockToleranceSeconds ?? 0,
      });
    } catch (error) {
      reject(rejectionOf(error));
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) reject('malformed');
    const c = claims.data;
    // Accepted until exp plus the tolerated skew: that is when sessions on it must end (a token
    // accepted within the tolerance would otherwise be greeted and cut at once).
    return { userId: c.sub, username: c.username, role: c.role, tokenId: c.jti, sessionId: c.sid, issuedAt: c.iat, expiresAt: c.exp + (this.options.clockToleranceSeconds ?? 0) };
  }
}

import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthError, type TokenRejection } from '../../../domain/auth.errors';
import { ManualClock } from '../memory/manual.clock';
import { JwtAccessTokenSigner, type JwtOptions } from './jwt-access-token.signer';
import { JwtKeyring } from './jwt.keyring';

const SECRET = 's'.repeat(32);
const OTHER_SECRET = 'o'.repeat(32);
const OPTIONS: JwtOptions = { issuer: 'realtime-auth', audience: 'realtime', ttlSeconds: 900 };
const SUBJECT = { userId: '42', username: 'alice', role: 'admin', sessionId: '6f9619ff-8b86-d011-b42d-00cf4fc964ff' } as const;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}

/** An HS256 JWT built by hand, so the library under test cannot refuse to make a bad one. */
function handMadeHs256(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | Buffer): string {
  const signingInput = `${b64url({ alg: 'HS256', typ: 'JWT', ...header })}.${b64url(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

function rejectionOf(verify: () => unknown): { error: AuthError; reason: TokenRejection } {
  try {
    verify();
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    return { error, reason: error.details?.reason as TokenRejection };
  }
  throw new Error('expected the token to be rejected');
}

function expectRejected(verify: () => unknown, reason: TokenRejection): void {
  const rejection = rejectionOf(verify);
  expect(rejection.error.code).toBe('AUTH.INVALID_TOKEN');
  expect(rejection.error.details).toEqual({ reason });
}

function rsaPair() {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

function ecPair() {
  return generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

describe('JwtAccessTokenSigner', () => {
  let clock: ManualClock;
  let keyring: JwtKeyring;
  let signer: JwtAccessTokenSigner;

  beforeEach(() => {
    clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    keyring = JwtKeyring.fromSecret(SECRET);
    signer = new JwtAccessTokenSigner(keyring, OPTIONS, clock);
  });

  /** Valid claims for a hand-made token, at the clock's time. */
  function claimsNow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const iat = Math.floor(clock.now().getTime() / 1000);
    return { sub: '42', jti: '0b4e9d2a-5c1f-4e8b-9a3d-7f6e5d4c3b2a', sid: SUBJECT.sessionId, username: 'alice', iat, exp: iat + 900, iss: OPTIONS.issuer, aud: OPTIONS.audience, ...overrides };
  }

  describe('issue and verify', () => {
    it('round-trips every claim', () => {
      const issued = signer.issue(SUBJECT);
      const iat = Date.parse('2026-01-01T00:00:00Z') / 1000;
      expect(issued.claims).toEqual({ ...SUBJECT, tokenId: expect.any(String), issuedAt: iat, expiresAt: iat + 900 });
      expect(signer.verify(issued.token)).toEqual(issued.claims);
    });

    it('writes sub, jti, sid, username, role, iat, exp, iss, aud and a kid header into the JWT', () => {
      const issued = signer.issue(SUBJECT);
      expect(decodePart(issued.token, 0)).toEqual({ alg: 'HS256', typ: 'JWT', kid: keyring.signing.kid });
      expect(decodePart(issued.token, 1)).toEqual({
        sub: '42',
        jti: issued.claims.tokenId,
        sid: SUBJECT.sessionId,
        username: 'alice',
        role: 'admin',
        iat: issued.claims.issuedAt,
        exp: issued.claims.issuedAt + 900,
        iss: 'realtime-auth',
        aud: 'realtime',
      });
    });

    it('gives every token its own id', () => {
      expect(signer.issue(SUBJECT).claims.tokenId).not.toBe(signer.issue(SUBJECT).claims.tokenId);
    });

    it('accepts a token whose claims were hand-made with the right key', () => {
      const token = handMadeHs256({ kid: keyring.signing.kid }, claimsNow(), SECRET);
      expect(signer.verify(token)).toMatchObject({ userId: '42', tokenId: '0b4e9d2a-5c1f-4e8b-9a3d-7f6e5d4c3b2a', sessionId: SUBJECT.sessionId });
    });

    it('reads a token without a role claim (issued before roles existed) as a user’s', () => {
      const token = handMadeHs256({ kid: keyring.signing.kid }, claimsNow(), SECRET);
      expect(signer.verify(token).role).toBe('user');
    });

    it('refuses a role it does not know as malformed, even when validly signed', () => {
      const token = handMadeHs256({ kid: keyring.signing.kid }, claimsNow({ role: 'root' }), SECRET);
      expectRejected(() => signer.verify(token), 'malformed');
    });
  });

  describe('expiry', () => {
    it('accepts a token until its exp, and not a second after (no skew tolerated by default)', () => {
      const { token } = signer.issue(SUBJECT);
      clock.advance(899_000);
      expect(signer.verify(token).userId).toBe('42');
      clock.advance(2_000);
      expectRejected(() => signer.verify(token), 'expired');
    });

    it('tolerates the configured clock skew (JWT_CLOCK_TOLERANCE), no more', () => {
      const lenient = new JwtAccessTokenSigner(keyring, { ...OPTIONS, clockToleranceSeconds: 5 }, clock);
      const { token, claims } = lenient.issue(SUBJECT);
      clock.advance(900_000 + 4_000);
      // Accepted until exp + 5 s: sessions on it end then, not at once.
      expect(lenient.verify(token)).toMatchObject({ userId: '42', expiresAt: claims.expiresAt + 5 });
      clock.advance(2_000);
      expectRejected(() => lenient.verify(token), 'expired');
    });

    it('rejects a token that is not valid yet as not_yet_valid', () => {
      const token = handMadeHs256({ kid: keyring.signing.kid }, claimsNow({ nbf: claimsNow().iat as number + 60 }), SECRET);
      expectRejected(() => signer.verify(token), 'not_yet_valid');
    });
  });

  describe('claims that become subjects, keys and SQL parameters', () => {
    it.each([['>'], ['*'], ['a b'], ['42.deliver'], [''], ['-1'], ['1'.repeat(19)]])('refuses a validly signed token whose sub is %j as malformed', (sub) => {
      const token = handMadeHs256({ kid: keyring.signing.kid }, claimsNow({ sub }), SECRET);
      expectRejected(() => signer.verify(token), 'malformed');
    });

    it('refuses token and session ids that are not UUIDs', () => {
      expectRejected(() => signer.verify(handMadeHs256({ kid: keyring.signing.kid }, claimsNow({ jti: 'x y' }), SECRET)), 'malformed');
      expectRejected(() => signer.verify(handMadeHs256({ kid: keyring.signing.kid }, claimsNow({ sid: '*' }), SECRET)), 'malformed');
    });
  });

  describe('signatures and keys', () => {
    it('rejects a tampered payload as bad_signature', () => {
      const { token } = signer.issue(SUBJECT);
      const [header, , signature] = token.split('.');
      const forged = `${header}.${b64url({ ...decodePart(token, 1), sub: '1', username: 'admin' })}.${signature}`;
      expectRejected(() => signer.verify(forged), 'bad_signature');
    });

    it('rejects a token signed with another secret under our kid as bad_signature', () => {
      const token = handMadeHs256({ kid: keyring.signing.kid }, claimsNow(), OTHER_SECRET);
      expectRejected(() => signer.verify(token), 'bad_signature');
    });

    it('rejects a token signed by another keyring (another kid) as unknown_key', () => {
      const { token } = new JwtAccessTokenSigner(JwtKeyring.fromSecret(OTHER_SECRET), OPTIONS, clock).issue(SUBJECT);
      expectRejected(() => signer.verify(token), 'unknown_key');
    });

    it('rejects a token without a kid as unknown_key', () => {
      const token = handMadeHs256({}, claimsNow(), SECRET);
      expectRejected(() => signer.verify(token), 'unknown_key');
    });

    it('rejects a token with its signature stripped', () => {
      const { token } = signer.issue(SUBJECT);
      const stripped = token.slice(0, token.lastIndexOf('.') + 1);
      expectRejected(() => signer.verify(stripped), 'bad_signature');
    });
  });

  describe('algorithms', () => {
    it('rejects an unsigned alg:none token carrying our kid as algorithm_not_allowed', () => {
      const header = b64url({ alg: 'none', typ: 'JWT', kid: keyring.signing.kid });
      const token = `${header}.${b64url(claimsNow())}.`;
      expectRejected(() => signer.verify(token), 'algorithm_not_allowed');
    });

    it('rejects an unsigned alg:none token without a kid as algorithm_not_allowed', () => {
      const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claimsNow())}.`;
      expectRejected(() => signer.verify(token), 'algorithm_not_allowed');
    });

    it('rejects HS256 signed with the RS256 public key as the HMAC secret (algorithm confusion)', () => {
      const { privateKey, publicKey } = rsaPair();
      const rsaKeyring = JwtKeyring.fromKeyPair(privateKey, publicKey);
      const rsaSigner = new JwtAccessTokenSigner(rsaKeyring, OPTIONS, clock);
      const forged = handMadeHs256({ kid: rsaKeyring.signing.kid }, claimsNow(), publicKey);
      expectRejected(() => rsaSigner.verify(forged), 'algorithm_not_allowed');
      // The attacker knows the public key in every usual encoding; none of them works either.
      const der = Buffer.from(publicKey.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      expectRejected(() => rsaSigner.verify(handMadeHs256({ kid: rsaKeyring.signing.kid }, claimsNow(), der)), 'algorithm_not_allowed');
    });

    it('rejects an HS384 token under an HS256 key as algorithm_not_allowed', () => {
      const token = jwt.sign(claimsNow(), SECRET, { algorithm: 'HS384', keyid: keyring.signing.kid });
      expectRejected(() => signer.verify(token), 'algorithm_not_allowed');
    });
  });

  describe('issuer, audience and shape', () => {
    it('rejects a token for another audience as wrong_audience', () => {
      const { token } = new JwtAccessTokenSigner(keyring, { ...OPTIONS, audience: 'someone-else' }, clock).issue(SUBJECT);
      expectRejected(() => signer.verify(token), 'wrong_audience');
    });

    it('rejects a token from another issuer as wrong_issuer', () => {
      const { token } = new JwtAccessTokenSigner(keyring, { ...OPTIONS, issuer: 'evil-auth' }, clock).issue(SUBJECT);
      expectRejected(() => signer.verify(token), 'wrong_issuer');
    });

    it('rejects a token without aud or iss', () => {
      const { aud: _aud, ...noAudience } = claimsNow();
      const { iss: _iss, ...noIssuer } = claimsNow();
      expectRejected(() => signer.verify(handMadeHs256({ kid: keyring.signing.kid }, noAudience, SECRET)), 'wrong_audience');
      expectRejected(() => signer.verify(handMadeHs256({ kid: keyring.signing.kid }, noIssuer, SECRET)), 'wrong_issuer');
    });

    it.each([
      ['an empty string', ''],
      ['a word', 'not-a-jwt'],
      ['three dots of garbage', 'a.b.c'],
      ['a header that is not JSON', `${Buffer.from('{oops').toString('base64url')}.${b64url({ sub: '1' })}.sig`],
    ])('rejects %s as malformed', (_label, token) => {
      expectRejected(() => signer.verify(token), 'malformed');
    });

    it.each(['sub', 'jti', 'sid', 'username', 'exp'])('rejects a correctly signed token without %s as malformed', (claim) => {
      const claims = claimsNow();
      delete claims[claim];
      expectRejected(() => signer.verify(handMadeHs256({ kid: keyring.signing.kid }, claims, SECRET)), 'malformed');
    });

    it('rejects a correctly signed token whose claims have the wrong types as malformed', () => {
      const token = handMadeHs256({ kid: keyring.signing.kid }, claimsNow({ sub: 42 }), SECRET);
      expectRejected(() => signer.verify(token), 'malformed');
    });
  });

  describe('asymmetric keys', () => {
    it.each([
      ['RS256', rsaPair],
      ['ES256', ecPair],
    ] as const)('issues and verifies with an %s key pair', (algorithm, pair) => {
      const { privateKey, publicKey } = pair();
      const asymmetric = new JwtAccessTokenSigner(JwtKeyring.fromKeyPair(privateKey, publicKey), OPTIONS, clock);
      const issued = asymmetric.issue(SUBJECT);
      expect(decodePart(issued.token, 0)).toMatchObject({ alg: algorithm });
      expect(asymmetric.verify(issued.token)).toEqual(issued.claims);
      // A verifier with other keys does not know this one.
      expectRejected(() => signer.verify(issued.token), 'unknown_key');
    });

    it('rejects an RS256 token signed by a different private key under the same kid', () => {
      const genuine = rsaPair();
      const attacker = rsaPair();
      const ring = JwtKeyring.fromKeyPair(genuine.privateKey, genuine.publicKey);
      const forged = jwt.sign(claimsNow(), attacker.privateKey, { algorithm: 'RS256', keyid: ring.signing.kid });
      expectRejected(() => new JwtAccessTokenSigner(ring, OPTIONS, clock).verify(forged), 'bad_signature');
    });
  });

  describe('key rotation', () => {
    it('verifies a token signed with a previous secret while that secret is kept, and not after', () => {
      const old = new JwtAccessTokenSigner(JwtKeyring.fromSecret(OTHER_SECRET), OPTIONS, clock).issue(SUBJECT);

      const rotated = new JwtAccessTokenSigner(JwtKeyring.fromSecret(SECRET, [OTHER_SECRET]), OPTIONS, clock);
      expect(rotated.verify(old.token)).toEqual(old.claims);

      const retired = new JwtAccessTokenSigner(JwtKeyring.fromSecret(SECRET), OPTIONS, clock);
      expectRejected(() => retired.verify(old.token), 'unknown_key');
    });

    it('signs with the new secret only', () => {
      const rotatedRing = JwtKeyring.fromSecret(SECRET, [OTHER_SECRET]);
      const { token } = new JwtAccessTokenSigner(rotatedRing, OPTIONS, clock).issue(SUBJECT);
      expect(decodePart(token, 0).kid).toBe(JwtKeyring.fromSecret(SECRET).signing.kid);
      expect(decodePart(token, 0).kid).not.toBe(JwtKeyring.fromSecret(OTHER_SECRET).signing.kid);
      expect(signer.verify(token).userId).toBe('42');
    });

    it('verifies a token signed with a previous key pair while its public key is kept', () => {
      const oldPair = ecPair();
      const newPair = ecPair();
      const old = new JwtAccessTokenSigner(JwtKeyring.fromKeyPair(oldPair.privateKey, oldPair.publicKey), OPTIONS, clock).issue(SUBJECT);
      const rotated = new JwtAccessTokenSigner(JwtKeyring.fromKeyPair(newPair.privateKey, newPair.publicKey, [oldPair.publicKey]), OPTIONS, clock);
      expect(rotated.verify(old.token)).toEqual(old.claims);
      const retired = new JwtAccessTokenSigner(JwtKeyring.fromKeyPair(newPair.privateKey, newPair.publicKey), OPTIONS, clock);
      expectRejected(() => retired.verify(old.token), 'unknown_key');
    });
  });
});

import { createHash, createPublicKey, createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto';

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';

/** One verification key, pinned to the single algorithm it may be used with. */
export interface VerificationKey {
  kid: string;
  algorithm: JwtAlgorithm;
  key: string | KeyObject;
}

export interface SigningKey extends VerificationKey {
  signingKey: string | KeyObject;
}

function kidOf(material: string | Buffer): string {
  return createHash('sha256').update(material).digest('base64url').slice(0, 12);
}

function asymmetricAlgorithm(key: KeyObject): JwtAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') return 'ES256';
  throw new Error(`unsupported JWT key type ${key.asymmetricKeyType}`);
}

function publicVerificationKey(pem: string): VerificationKey {
  const key = createPublicKey(pem);
  return { kid: kidOf(key.export({ type: 'spki', format: 'der' })), algorithm: asymmetricAlgorithm(key), key };
}

/**
 * The signing key and every key still accepted for verification, by `kid`. Rotation: deploy the
 * new key as current and the old one under the previous-keys settings until the old tokens expire.
 */
export class JwtKeyring {
  private readonly byKid: Map<string, VerificationKey>;

  private constructor(
    readonly signing: SigningKey,
    previous: VerificationKey[],
  ) {
    this.byKid = new Map([signing, ...previous].map((k) => [k.kid, k]));
  }

  /** HS256 with a shared secret; `previousSecrets` stay valid for verification. */
  static fromSecret(secret: string, previousSecrets: string[] = []): JwtKeyring {
    // KeyObjects, not strings: given a string, jsonwebtoken first tries (and fails) to parse it as
    // a PEM public key on every call, which costs ~40x the HMAC itself (bench/auth-validate).
    const key = createSecretKey(Buffer.from(secret));
    const signing: SigningKey = { kid: kidOf(secret), algorithm: 'HS256', key, signingKey: key };
    return new JwtKeyring(signing, previousSecrets.map((s) => ({ kid: kidOf(s), algorithm: 'HS256', key: createSecretKey(Buffer.from(s)) })));
  }

  /** RS256 or ES256 (from the key type) with a PEM key pair; `previousPublicKeys` stay valid for verification. */
  static fromKeyPair(privatePem: string, publicPem: string, previousPublicKeys: string[] = []): JwtKeyring {
    const verification = publicVerificationKey(publicPem);
    const signing: SigningKey = { ...verification, signingKey: createPrivateKey(privatePem) };
    return new JwtKeyring(signing, previousPublicKeys.map(publicVerificationKey));
  }

  find(kid: string | undefined): VerificationKey | undefined {
    return kid === undefined ? undefined : this.byKid.get(kid);
  }
}

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasherPort } from '../../../application/ports/password-hasher.port';

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * scrypt (memory-hard) from node:crypto, stored as `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` so the
 * cost can be raised later without invalidating existing hashes.
 */
export class ScryptPasswordHasher implements PasswordHasherPort {
  /** @param logN log2 of the CPU/memory cost; 15 (32 MiB with r=8) by default. */
  constructor(private readonly logN = 15) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const options = { N: 2 ** this.logN, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
    const key = await derive(password, salt, options);
    return ['scrypt', this.logN, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, hash: string): Promise<boolean> {
    const [scheme, logN, r, p, salt, key] = hash.split('$');
    if (scheme !== 'scrypt' || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64url');
    // scrypt fails only on cost parameters this hasher never writes (unreadable or too costly):
    // such a hash matches nothing, like one of another scheme, rather than failing the login.
    const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: 2 ** Number(logN), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024 }).catch(
      () => undefined,
    );
    return actual !== undefined && actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

import { describePasswordHasherContract } from '../../../application/ports/password-hasher.contract';
import { ScryptPasswordHasher } from './scrypt-password.hasher';

// logN 10 keeps the suite fast; the format and the checks do not depend on the cost.
const hasher = new ScryptPasswordHasher(10);

describePasswordHasherContract('ScryptPasswordHasher', async () => ({ hasher, salted: true }));

function replacePart(hash: string, index: number, value: string): string {
  const parts = hash.split('$');
  parts[index] = value;
  return parts.join('$');
}

/** Changes one character of a base64url string into another valid one. */
function flipFirstChar(s: string): string {
  return (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
}

describe('ScryptPasswordHasher', () => {
  it('stores scheme, cost, salt and key as scrypt$<logN>$<r>$<p>$<salt>$<key>', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(hash.split('$')[4], 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash.split('$')[5], 'base64url')).toHaveLength(32);
    expect(hash).not.toContain('correct horse battery');
  });

  it('records the cost it was built with', async () => {
    expect((await new ScryptPasswordHasher(11).hash('pw')).split('$')[1]).toBe('11');
  });

  it('salts every hash: one password hashes differently twice, and both verify', async () => {
    const a = await hasher.hash('same password');
    const b = await hasher.hash('same password');
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await hasher.verify('same password', a)).toBe(true);
    expect(await hasher.verify('same password', b)).toBe(true);
  });

  it('verifies a hash made with another cost (so the cost can be raised later)', async () => {
    const old = await new ScryptPasswordHasher(11).hash('pw-from-before');
    expect(await hasher.verify('pw-from-before', old)).toBe(true);
  });

  it('refuses a tampered key, salt or cost', async () => {
    const hash = await hasher.hash('correct horse battery');
    const parts = hash.split('$');
    expect(await hasher.verify('correct horse battery', replacePart(hash, 5, flipFirstChar(parts[5])))).toBe(false);
    expect(await hasher.verify('correct horse battery', replacePart(hash, 4, flipFirstChar(parts[4])))).toBe(false);
    expect(await hasher.verify('correct horse battery', replacePart(hash, 1, '11'))).toBe(false);
    expect(await hasher.verify('correct horse battery', replacePart(hash, 5, parts[5].slice(0, 20)))).toBe(false);
  });

  it('refuses hashes that are not scrypt hashes or are unreadable', async () => {
    const hash = await hasher.hash('pw');
    expect(await hasher.verify('pw', '')).toBe(false);
    expect(await hasher.verify('pw', 'pw')).toBe(false);
    expect(await hasher.verify('pw', replacePart(hash, 0, 'bcrypt'))).toBe(false);
    expect(await hasher.verify('pw', replacePart(hash, 5, ''))).toBe(false);
    expect(await hasher.verify('pw', replacePart(hash, 1, 'x'))).toBe(false);
    expect(await hasher.verify('pw', replacePart(hash, 1, '64'))).toBe(false);
    expect(await hasher.verify('pw', replacePart(hash, 1, '21'))).toBe(false); // past scrypt's memory limit
  });

  it('normalises Unicode, so the same text typed on different keyboards matches', async () => {
    const composed = 'caf\u00e9 p\u00e4ssw\u00f6rd'; // é, ä, ö as single code points
    const decomposed = 'cafe\u0301 pa\u0308ssw\u006f\u0308rd'; // base letters + combining marks
    expect(composed).not.toBe(decomposed);
    const hash = await hasher.hash(composed);
    expect(await hasher.verify(decomposed, hash)).toBe(true);
    expect(await hasher.verify('cafe passwoerd', hash)).toBe(false);
  });

  it('keeps distinct non-ASCII passwords distinct', async () => {
    const hash = await hasher.hash('пароль-секрет');
    expect(await hasher.verify('пароль-секрет', hash)).toBe(true);
    expect(await hasher.verify('пароль-секрeт', hash)).toBe(false); // Latin e in place of Cyrillic е
  });
});

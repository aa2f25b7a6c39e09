import { beforeEach, describe, expect, it } from '@jest/globals';
import type { PasswordHasherPort } from './password-hasher.port';

export interface PasswordHasherFixture {
  hasher: PasswordHasherPort;
  /** True when every hash draws a fresh salt (one password never hashes the same twice); false for a deterministic hasher. */
  salted: boolean;
}

const PASSWORD = 'correct horse battery staple';
// Far past bcrypt's 72-byte cut-off: a hasher that truncates cannot tell it from one with another last character.
const LONG = '0123456789'.repeat(100);
// Composed é, Cyrillic, CJK and an emoji outside the BMP.
const UNICODE = 'caf\u00e9 пароль 密码 🔑';

/** The behaviour every PasswordHasherPort adapter must share. */
export function describePasswordHasherContract(name: string, makeHasher: () => Promise<PasswordHasherFixture>): void {
  describe(`PasswordHasherPort contract: ${name}`, () => {
    let hasher: PasswordHasherPort;
    let salted: boolean;

    beforeEach(async () => {
      ({ hasher, salted } = await makeHasher());
    });

    it('verifies a password against its own hash', async () => {
      expect(await hasher.verify(PASSWORD, await hasher.hash(PASSWORD))).toBe(true);
    });

    it('refuses a wrong password', async () => {
      const hash = await hasher.hash(PASSWORD);
      expect(await hasher.verify('Tr0ub4dor&3', hash)).toBe(false);
      expect(await hasher.verify('correct horse battery stapler', hash)).toBe(false);
      expect(await hasher.verify(`${PASSWORD} `, hash)).toBe(false);
    });

    it('is case-sensitive', async () => {
      const hash = await hasher.hash(PASSWORD);
      expect(await hasher.verify(PASSWORD.toUpperCase(), hash)).toBe(false);
      expect(await hasher.verify('Correct horse battery staple', hash)).toBe(false);
    });

    it('refuses a prefix of the password, and the empty password', async () => {
      const hash = await hasher.hash(PASSWORD);
      expect(await hasher.verify(PASSWORD.slice(0, -1), hash)).toBe(false);
      expect(await hasher.verify(PASSWORD.slice(0, 1), hash)).toBe(false);
      expect(await hasher.verify('', hash)).toBe(false);
    });

    it('verifies every hash of one password, and makes them differ exactly when it salts', async () => {
      const a = await hasher.hash(PASSWORD);
      const b = await hasher.hash(PASSWORD);
      expect(await hasher.verify(PASSWORD, a)).toBe(true);
      expect(await hasher.verify(PASSWORD, b)).toBe(true);
      if (salted) expect(a).not.toBe(b);
      else expect(a).toBe(b);
    });

    it('verifies a 1,000-character password, and refuses it with its last character changed', async () => {
      const hash = await hasher.hash(LONG);
      expect(await hasher.verify(LONG, hash)).toBe(true);
      expect(await hasher.verify(`${LONG.slice(0, -1)}x`, hash)).toBe(false);
    });

    it('verifies a Unicode password, and refuses one that differs in a single non-ASCII character', async () => {
      const hash = await hasher.hash(UNICODE);
      expect(await hasher.verify(UNICODE, hash)).toBe(true);
      expect(await hasher.verify(UNICODE.replace('密', '蜜'), hash)).toBe(false);
      expect(await hasher.verify(UNICODE.replace('🔑', '🔒'), hash)).toBe(false);
    });

    // A stored hash that cannot be read matches nothing, like a wrong password: the login answers
    // "invalid credentials" rather than failing with an error.
    it.each<[string, (own: string) => string]>([
      ['an empty string', () => ''],
      ['a word', () => 'not-a-hash'],
      ['separators only', () => '$$$$$$'],
      ['the password itself', () => PASSWORD],
      ['a hash of another scheme (bcrypt)', () => `$2b$10$${'a'.repeat(53)}`],
      ['its own hash cut in half', (own) => own.slice(0, Math.floor(own.length / 2))],
      ['its own hash behind a stray character', (own) => `x${own}`],
      ['10,000 characters of junk', () => '~'.repeat(10_000)],
    ])('answers false, and does not throw, for a malformed hash: %s', async (_label, malformed) => {
      const hash = malformed(await hasher.hash(PASSWORD));
      await expect(hasher.verify(PASSWORD, hash)).resolves.toBe(false);
    });
  });
}

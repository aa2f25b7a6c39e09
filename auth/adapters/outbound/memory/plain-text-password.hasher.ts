import type { PasswordHasherPort } from '../../../application/ports/password-hasher.port';

/** Reversible, unsalted and fast, for use-case tests only; it passes the contract ScryptPasswordHasher passes. */
export class PlainTextPasswordHasher implements PasswordHasherPort {
  async hash(password: string): Promise<string> {
    return `plain$${password}`;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    return hash === `plain$${password}`;
  }
}

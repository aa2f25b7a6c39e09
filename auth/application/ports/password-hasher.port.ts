export interface PasswordHasherPort {
  /** Hashes with a memory-hard KDF; the result embeds its salt and cost parameters. */
  hash(password: string): Promise<string>;
  /** True when `password` matches `hash`, compared in constant time; false, never an error, for a hash it cannot read. */
  verify(password: string, hash: string): Promise<boolean>;
}

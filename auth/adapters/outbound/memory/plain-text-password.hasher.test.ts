import { describePasswordHasherContract } from '../../../application/ports/password-hasher.contract';
import { PlainTextPasswordHasher } from './plain-text-password.hasher';

// The very suite ScryptPasswordHasher passes (scrypt-password.hasher.test.ts). The fake draws no
// salt: one password always hashes to the same string.
describePasswordHasherContract('PlainTextPasswordHasher', async () => ({ hasher: new PlainTextPasswordHasher(), salted: false }));

import { describeTokenVerifierContract } from '#contracts/auth/token-verifier.contract';
import { InMemoryTokenVerifier } from './in-memory-token.verifier';

let nextUser = 1;

describeTokenVerifierContract('InMemoryTokenVerifier', async () => {
  const verifier = new InMemoryTokenVerifier();
  return {
    verifier,
    issue: async () => {
      const principal = verifier.issue(String(nextUser++));
      return { token: principal.token, userId: principal.userId, username: principal.username };
    },
    revoke: async (token) => verifier.revoke(token),
  };
});

import type { TokenVerifierPort } from './token-verifier.port';

export interface TokenVerifierSubject {
  verifier: TokenVerifierPort;
  /** A new user's fresh access token, as auth issues it. */
  issue(): Promise<{ token: string; userId: string; username: string }>;
  /** Auth revokes the token (logout); the verifier hears of it only through `forget`. */
  revoke(token: string): Promise<void>;
}

const kindOf = (work: Promise<unknown>) => work.then(() => 'valid', (error: { kind?: string }) => error.kind ?? String(error));

/** What checking an access token means at the edge (auth's gRPC ValidateToken in production). */
export function describeTokenVerifierContract(name: string, makeSubject: () => Promise<TokenVerifierSubject>): void {
  describe(`TokenVerifierPort contract: ${name}`, () => {
    it('a valid token answers its principal: user, role (a new user is a user), token and session ids, and an expiry in the future', async () => {
      const { verifier, issue } = await makeSubject();
      const issued = await issue();
      const principal = await verifier.verify(issued.token);
      expect(principal).toMatchObject({ userId: issued.userId, username: issued.username, role: 'user', token: issued.token });
      expect(principal.tokenId).toEqual(expect.any(String));
      expect(principal.sessionId).toEqual(expect.any(String));
      expect(principal.expiresAt * 1000).toBeGreaterThan(Date.now());
      // Asking again (a cache may answer) gives the same principal.
      expect(await verifier.verify(issued.token)).toEqual(principal);
    });

    it('a token that is no token, or tampered with, is unauthorized', async () => {
      const { verifier, issue } = await makeSubject();
      expect(await kindOf(verifier.verify('not-a-token'))).toBe('unauthorized');
      const { token } = await issue();
      expect(await kindOf(verifier.verify(`${token.slice(0, -2)}xx`))).toBe('unauthorized');
    });

    it('a revoked token is unauthorized once the revocation notice reached the verifier, even if its answer was cached', async () => {
      const { verifier, issue, revoke } = await makeSubject();
      const { token } = await issue();
      const principal = await verifier.verify(token);
      await revoke(token);
      verifier.forget({ token_id: principal.tokenId });
      expect(await kindOf(verifier.verify(token))).toBe('unauthorized');
    });

    it('a revoked session ends every token of it', async () => {
      const { verifier, issue } = await makeSubject();
      const { token } = await issue();
      const principal = await verifier.verify(token);
      verifier.forget({ session_id: principal.sessionId });
      expect(await kindOf(verifier.verify(token))).toBe('unauthorized');
    });

    it('many checks of one token at once all answer the same principal', async () => {
      const { verifier, issue } = await makeSubject();
      const { token, userId } = await issue();
      const answers = await Promise.all(Array.from({ length: 20 }, () => verifier.verify(token)));
      expect(new Set(answers.map((p) => p.userId))).toEqual(new Set([userId]));
    });
  });
}

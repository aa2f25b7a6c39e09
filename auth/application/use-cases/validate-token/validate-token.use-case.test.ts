import { AuthError } from '../../../domain/auth.errors';
import { createInMemoryAuthContainer, type InMemoryAuth } from '../../../adapters/outbound/memory/in-memory-auth.container';
import { ValidateTokenUseCase } from './validate-token.use-case';

const SUBJECT = { userId: '7', username: 'alice', role: 'user', sessionId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' } as const;

describe('ValidateTokenUseCase', () => {
  let auth: InMemoryAuth;
  let validate: ValidateTokenUseCase;

  beforeEach(() => {
    auth = createInMemoryAuthContainer();
    validate = auth.container.resolve(ValidateTokenUseCase);
  });

  it('answers the claims of a valid token', async () => {
    const issued = auth.signer.issue(SUBJECT);
    expect(await validate.run(issued.token)).toEqual({ valid: true, claims: issued.claims });
    expect(await validate.require(issued.token)).toEqual(issued.claims);
  });

  it('refuses an expired token as expired', async () => {
    const { token } = auth.signer.issue(SUBJECT);
    auth.clock.advance((auth.settings.accessTokenTtlSeconds + 10) * 1000);
    expect(await validate.run(token)).toEqual({ valid: false, reason: 'expired' });
  });

  it('refuses a revoked token as revoked', async () => {
    const issued = auth.signer.issue(SUBJECT);
    await auth.revocationList.revokeToken(issued.claims.tokenId, issued.claims.expiresAt);
    expect(await validate.run(issued.token)).toEqual({ valid: false, reason: 'revoked' });
  });

  it('refuses every token of a revoked session, and only those', async () => {
    const mine = auth.signer.issue(SUBJECT);
    const other = auth.signer.issue({ ...SUBJECT, sessionId: '2c8e7ace-accd-4c3e-8c6e-bc9eaccd5cfe' });
    await auth.revocationList.revokeSession(SUBJECT.sessionId, auth.settings.accessTokenTtlSeconds);
    expect(await validate.run(mine.token)).toEqual({ valid: false, reason: 'revoked' });
    expect(await validate.run(other.token)).toMatchObject({ valid: true });
  });

  it('passes on the reason of a token it cannot read', async () => {
    expect(await validate.run('not-a-jwt')).toEqual({ valid: false, reason: 'malformed' });
  });

  it('require() throws AUTH.INVALID_TOKEN with the reason', async () => {
    const issued = auth.signer.issue(SUBJECT);
    await auth.revocationList.revokeToken(issued.claims.tokenId, issued.claims.expiresAt);
    const attempt = validate.require(issued.token);
    await expect(attempt).rejects.toBeInstanceOf(AuthError);
    await expect(attempt).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN', details: { reason: 'revoked' } });
  });

  it('lets an unexpected failure of the revocation list through instead of calling the token valid', async () => {
    jest.spyOn(auth.revocationList, 'isRevoked').mockRejectedValue(new Error('redis is down'));
    await expect(validate.run(auth.signer.issue(SUBJECT).token)).rejects.toThrow('redis is down');
  });
});

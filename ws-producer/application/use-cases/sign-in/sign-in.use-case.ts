import { inject, injectable } from 'tsyringe';
import type { Principal } from '#contracts/auth/principal';
import { EdgeError } from '../../../domain/edge.errors';
import type { TokenVerifierPort } from '#contracts/auth/token-verifier.port';
import { LocalSessions } from '../../local-sessions';
import type { Session } from '../../session';
import { TOKEN_VERIFIER } from '../../../tokens';

/** Signing a session in: with a token at the upgrade (header or `?token=`), or with an `auth` frame, which also refreshes. */
@injectable()
export class SignInUseCase {
  constructor(
    @inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifierPort,
    private readonly sessions: LocalSessions,
  ) {}

  /** The principal of a token presented before the session exists (the upgrade). */
  verify(token: string): Promise<Principal> {
    return this.verifier.verify(token);
  }

  /** Signs in a session whose token was verified: it now gets its user's deliveries. */
  admit(session: Session, principal: Principal): void {
    const first = !session.principal;
    session.signIn(principal);
    if (first) this.sessions.signedIn(session);
  }

  /**
   * An `auth` or `auth:refresh` frame: the first signs the session in, later ones renew its token
   * (for the same user only). Undefined when the session closed meanwhile.
   */
  async run(session: Session, token: string): Promise<{ first: boolean; principal: Principal } | undefined> {
    const principal = await this.verifier.verify(token);
    if (session.closed) return undefined;
    if (session.principal && session.principal.userId !== principal.userId) throw new EdgeError('AUTH.USER_MISMATCH', 'a refresh must be for the same user');
    const first = !session.principal;
    this.admit(session, principal);
    return { first, principal };
  }
}

import { inject, injectable } from 'tsyringe';
import type { Logger } from '#kernel/logging/logger';
import type { RevocationNotice } from '#contracts/auth/revocation';
import type { TokenVerifierPort } from '#contracts/auth/token-verifier.port';
import { LocalSessions } from '../../local-sessions';
import { LOGGER, TOKEN_VERIFIER } from '../../../tokens';

/** Auth revoked a token or a session: it stops working at once here (no cached answer), and the sessions using it end. */
@injectable()
export class RevokeSessionsUseCase {
  constructor(
    @inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifierPort,
    @inject(LOGGER) private readonly logger: Logger,
    private readonly sessions: LocalSessions,
  ) {}

  run(notice: RevocationNotice): void {
    this.verifier.forget(notice);
    const ended = this.sessions.revoke(notice);
    if (ended > 0) this.logger.info({ closed: ended }, 'closed sockets of revoked tokens');
  }
}

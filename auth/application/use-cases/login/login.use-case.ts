import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { AuthError } from '../../../domain/auth.errors';
import type { User } from '../../../domain/user.entity';
import type { UserRepositoryPort } from '../../ports/user-repository.port';
import type { PasswordHasherPort } from '../../ports/password-hasher.port';
import type { AccessTokenSignerPort } from '../../ports/access-token-signer.port';
import type { RefreshTokenRepositoryPort } from '../../ports/refresh-token-repository.port';
import type { LoginRateLimiterPort } from '../../ports/login-rate-limiter.port';
import type { ClockPort } from '../../ports/clock.port';
import type { AuthSettings } from '../../auth-settings';
import { newRefreshToken, type TokenPair } from '../../refresh-token';
import { ACCESS_TOKEN_SIGNER, AUTH_SETTINGS, CLOCK, LOGIN_RATE_LIMITER, PASSWORD_HASHER, REFRESH_TOKEN_REPOSITORY, USER_REPOSITORY } from '../../../tokens';
import type { LoginRequest } from './login.schema';

/** Exchanges credentials for a new session's token pair. */
@injectable()
export class LoginUseCase {
  // Verified against when the user does not exist, so an unknown user costs as much as a wrong
  // password and timing does not reveal which accounts exist.
  private decoyHash: Promise<string> | undefined;

  constructor(
    @inject(USER_REPOSITORY) private readonly users: UserRepositoryPort,
    @inject(PASSWORD_HASHER) private readonly hasher: PasswordHasherPort,
    @inject(ACCESS_TOKEN_SIGNER) private readonly signer: AccessTokenSignerPort,
    @inject(REFRESH_TOKEN_REPOSITORY) private readonly refreshTokens: RefreshTokenRepositoryPort,
    @inject(LOGIN_RATE_LIMITER) private readonly limiter: LoginRateLimiterPort,
    @inject(CLOCK) private readonly clock: ClockPort,
    @inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async run(request: LoginRequest, ip: string): Promise<TokenPair> {
    const account = (request.username ?? request.email ?? '').toLowerCase();
    const decision = await this.limiter.consume(account, ip);
    if (!decision.allowed) {
      throw new AuthError('AUTH.RATE_LIMITED', 'too many login attempts, try again later', { retry_after_ms: decision.retryAfterMs });
    }
    const user = await this.users.findByLogin({ username: request.username, email: request.email });
    if (!(await this.passwordMatches(user, request.password)) || !user) {
      throw new AuthError('AUTH.INVALID_CREDENTIALS', 'invalid username, email or password');
    }
    const sessionId = randomUUID();
    const refresh = newRefreshToken(user.id, sessionId, this.settings.refreshTokenTtlMs, this.clock.now());
    await this.refreshTokens.create(refresh.record);
    const access = this.signer.issue({ userId: user.id, username: user.username, role: user.role, sessionId });
    return { access_token: access.token, refresh_token: refresh.token, expires_in: this.settings.accessTokenTtlSeconds, token_type: 'Bearer' };
  }

  private async passwordMatches(user: User | null, password: string): Promise<boolean> {
    if (user) return this.hasher.verify(password, user.passwordHash);
    this.decoyHash ??= this.hasher.hash('decoy password that matches nothing');
    await this.hasher.verify(password, await this.decoyHash);
    return false;
  }
}

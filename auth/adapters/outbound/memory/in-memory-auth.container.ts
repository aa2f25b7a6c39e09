import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { AuthSettings } from '../../../application/auth-settings';
import * as T from '../../../tokens';
import { JwtAccessTokens } from '../jwt/jwt-access-tokens';
import { JwtKeyring } from '../jwt/jwt-keyring';
import {
  InMemoryLoginRateLimiter,
  InMemoryRefreshTokenRepository,
  InMemoryRevocationPublisher,
  InMemoryRevokedTokens,
  InMemoryUserRepository,
  ManualClock,
  PlainTextPasswordHasher,
} from './in-memory-auth-adapters';

/** The fakes behind a use-case test's container, kept so the test can arrange and inspect them. */
export interface InMemoryAuth {
  container: DependencyContainer;
  clock: ManualClock;
  settings: AuthSettings;
  users: InMemoryUserRepository;
  hasher: PlainTextPasswordHasher;
  accessTokens: JwtAccessTokens;
  refreshTokens: InMemoryRefreshTokenRepository;
  revoked: InMemoryRevokedTokens;
  limiter: InMemoryLoginRateLimiter;
  publisher: InMemoryRevocationPublisher;
}

const TEST_ISSUER = 'realtime-auth';
const TEST_AUDIENCE = 'realtime';

/**
 * A child container with every auth port bound to an in-memory fake, for use-case tests (the
 * test counterpart of main.ts's createAuthContainer). Access tokens are the real JWT adapter,
 * which is pure code; everything shares one manual clock.
 */
export function createInMemoryAuthContainer(options: { limits?: { perAccount: number; perIp: number; windowMs: number } } = {}): InMemoryAuth {
  const clock = new ManualClock();
  const settings: AuthSettings = { accessTokenTtlSeconds: 900, refreshTokenTtlMs: 30 * 24 * 60 * 60 * 1000 };
  const fakes = {
    users: new InMemoryUserRepository(),
    hasher: new PlainTextPasswordHasher(),
    accessTokens: new JwtAccessTokens(JwtKeyring.fromSecret('x'.repeat(32)), { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: settings.accessTokenTtlSeconds }, clock),
    refreshTokens: new InMemoryRefreshTokenRepository(clock),
    revoked: new InMemoryRevokedTokens(clock),
    limiter: new InMemoryLoginRateLimiter(options.limits ?? { perAccount: 1000, perIp: 1000, windowMs: 60_000 }, clock),
    publisher: new InMemoryRevocationPublisher(),
  };
  const c = rootContainer.createChildContainer();
  c.register(T.CLOCK, { useValue: clock });
  c.register(T.AUTH_SETTINGS, { useValue: settings });
  c.register(T.USER_REPOSITORY, { useValue: fakes.users });
  c.register(T.PASSWORD_HASHER, { useValue: fakes.hasher });
  c.register(T.ACCESS_TOKENS, { useValue: fakes.accessTokens });
  c.register(T.REFRESH_TOKEN_REPOSITORY, { useValue: fakes.refreshTokens });
  c.register(T.REVOKED_TOKENS, { useValue: fakes.revoked });
  c.register(T.LOGIN_RATE_LIMITER, { useValue: fakes.limiter });
  c.register(T.REVOCATION_PUBLISHER, { useValue: fakes.publisher });
  return { container: c, clock, settings, ...fakes };
}

import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { AuthSettings } from '../../../application/auth-settings';
import * as T from '../../../tokens';
import { JwtAccessTokenSigner } from '../jwt/jwt-access-token.signer';
import { JwtKeyring } from '../jwt/jwt.keyring';
import { InMemoryLoginRateLimiter } from './in-memory-login.rate-limiter';
import { InMemoryRefreshTokenRepository } from './in-memory-refresh-token.repository';
import { InMemoryRevocationList } from './in-memory-revocation.list';
import { InMemoryRevocationPublisher } from './in-memory-revocation.publisher';
import { InMemoryUserRepository } from './in-memory-user.repository';
import { InMemoryUserEventsPublisher } from './in-memory-user-events.publisher';
import { ManualClock } from './manual.clock';
import { PlainTextPasswordHasher } from './plain-text-password.hasher';

/** The fakes behind a use-case test's container, kept so the test can arrange and inspect them. */
export interface InMemoryAuth {
  container: DependencyContainer;
  clock: ManualClock;
  settings: AuthSettings;
  users: InMemoryUserRepository;
  hasher: PlainTextPasswordHasher;
  signer: JwtAccessTokenSigner;
  refreshTokens: InMemoryRefreshTokenRepository;
  revocationList: InMemoryRevocationList;
  limiter: InMemoryLoginRateLimiter;
  publisher: InMemoryRevocationPublisher;
  userEvents: InMemoryUserEventsPublisher;
}

const TEST_ISSUER = 'realtime-auth';
const TEST_AUDIENCE = 'realtime';

/**
 * A child container with every auth port bound to an in-memory fake, for use-case tests (the
 * test counterpart of main.ts's createAuthContainer). The access-token signer is the real JWT
 * adapter, which is pure code; everything shares one manual clock.
 */
export function createInMemoryAuthContainer(options: { limits?: { perAccount: number; perIp: number; windowMs: number } } = {}): InMemoryAuth {
  const clock = new ManualClock();
  const settings: AuthSettings = { accessTokenTtlSeconds: 900, refreshTokenTtlMs: 30 * 24 * 60 * 60 * 1000 };
  const fakes = {
    users: new InMemoryUserRepository(),
    hasher: new PlainTextPasswordHasher(),
    signer: new JwtAccessTokenSigner(JwtKeyring.fromSecret('x'.repeat(32)), { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: settings.accessTokenTtlSeconds }, clock),
    refreshTokens: new InMemoryRefreshTokenRepository(clock),
    revocationList: new InMemoryRevocationList(clock),
    limiter: new InMemoryLoginRateLimiter(options.limits ?? { perAccount: 1000, perIp: 1000, windowMs: 60_000 }, clock),
    publisher: new InMemoryRevocationPublisher(),
    userEvents: new InMemoryUserEventsPublisher(),
  };
  const c = rootContainer.createChildContainer();
  c.register(T.CLOCK, { useValue: clock });
  c.register(T.AUTH_SETTINGS, { useValue: settings });
  c.register(T.USER_REPOSITORY, { useValue: fakes.users });
  c.register(T.PASSWORD_HASHER, { useValue: fakes.hasher });
  c.register(T.ACCESS_TOKEN_SIGNER, { useValue: fakes.signer });
  c.register(T.REFRESH_TOKEN_REPOSITORY, { useValue: fakes.refreshTokens });
  c.register(T.REVOCATION_LIST, { useValue: fakes.revocationList });
  c.register(T.LOGIN_RATE_LIMITER, { useValue: fakes.limiter });
  c.register(T.REVOCATION_PUBLISHER, { useValue: fakes.publisher });
  c.register(T.USER_EVENTS_PUBLISHER, { useValue: fakes.userEvents });
  return { container: c, clock, settings, ...fakes };
}

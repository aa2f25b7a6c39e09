import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import { Degradation } from '#kernel/lifecycle/degradation';
import { createLogger, type Logger } from '#kernel/logging/logger';
import { createMetricsRegistry } from '#kernel/metrics/metrics-registry';
import { createPgPool } from '#kernel/pg/pg-pool';
import { createRedis } from '#kernel/redis/redis-client';
import { connectNats, drainNats } from '#kernel/nats/nats-connection';
import { requireDependency } from '#kernel/lifecycle/dependencies';
import { withTimeout } from '#kernel/lifecycle/timeout';
import { endpointsOf, type Endpoints } from '#kernel/lifecycle/endpoints';
import { natsReadiness, postgresReadiness, redisReadiness } from '#kernel/lifecycle/readiness-checks';
import { startHttpServer } from '#kernel/http/http-server';
import { loadProto, startGrpcServer } from '#kernel/grpc/grpc-server';
import type { AuthConfig } from './config';
import * as T from './tokens';
import type { AuthSettings } from './application/auth-settings';
import { RegisterUseCase } from './application/use-cases/register/register.use-case';
import { LoginUseCase } from './application/use-cases/login/login.use-case';
import { RefreshUseCase } from './application/use-cases/refresh/refresh.use-case';
import { LogoutUseCase } from './application/use-cases/logout/logout.use-case';
import { ValidateTokenUseCase } from './application/use-cases/validate-token/validate-token.use-case';
import { RevokeTokenUseCase } from './application/use-cases/revoke-token/revoke-token.use-case';
import { GetCurrentUserUseCase } from './application/use-cases/get-current-user/get-current-user.use-case';
import { PgUserRepository } from './adapters/outbound/pg/pg-user.repository';
import { PgRefreshTokenRepository } from './adapters/outbound/pg/pg-refresh-token.repository';
import { ScryptPasswordHasher } from './adapters/outbound/crypto/scrypt-password.hasher';
import { JwtKeyring } from './adapters/outbound/jwt/jwt.keyring';
import { JwtAccessTokenSigner } from './adapters/outbound/jwt/jwt-access-token.signer';
import { RedisLoginRateLimiter } from './adapters/outbound/redis/redis-login.rate-limiter';
import { LocalFallbackLoginRateLimiter } from './adapters/outbound/rate-limit/local-fallback-login.rate-limiter';
import { InMemoryLoginRateLimiter } from './adapters/outbound/memory/in-memory-login.rate-limiter';
import { RedisRevocationList } from './adapters/outbound/redis/redis-revocation.list';
import { NatsRevocationPublisher } from './adapters/outbound/nats/nats-revocation.publisher';
import { JetStreamUserEventsPublisher } from './adapters/outbound/nats/jetstream-user-events.publisher';
import { MirroredRevocationList } from './adapters/outbound/revocation/mirrored-revocation.list';
import { SystemClock } from './adapters/outbound/clock/system.clock';
import { translateAuthError } from './adapters/inbound/auth-error.translator';
import { authRoutes } from './adapters/inbound/http/auth.routes';
import { authGrpcHandlers } from './adapters/inbound/grpc/auth.grpc';

const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production!';

export interface AuthHandle {
  httpPort: number;
  grpcPort: number;
  endpoints: Endpoints;
  stop(): Promise<void>;
}

interface AuthInfrastructure {
  pool: Pool;
  redis: Redis;
  nc: NatsConnection;
  metrics: Registry;
}

function keyringFor(config: AuthConfig, logger: Logger): JwtKeyring {
  if (config.JWT_PRIVATE_KEY && config.JWT_PUBLIC_KEY) {
    return JwtKeyring.fromKeyPair(config.JWT_PRIVATE_KEY, config.JWT_PUBLIC_KEY, config.JWT_PREVIOUS_PUBLIC_KEYS);
  }
  if (config.JWT_SECRET) return JwtKeyring.fromSecret(config.JWT_SECRET, config.JWT_PREVIOUS_SECRETS);
  // Production never gets here: its configuration refuses to load without a key.
  logger.warn('JWT_SECRET is not set: signing tokens with the public development secret. Anyone can forge tokens. Set JWT_SECRET or JWT_PRIVATE_KEY/JWT_PUBLIC_KEY.');
  return JwtKeyring.fromSecret(DEVELOPMENT_SECRET, config.JWT_PREVIOUS_SECRETS);
}

/** Registers the auth service's adapters; the only place that chooses implementations. */
function createAuthContainer(config: AuthConfig, infra: AuthInfrastructure, logger: Logger): DependencyContainer {
  const c = rootContainer.createChildContainer();
  const clock = new SystemClock();
  const settings: AuthSettings = { accessTokenTtlSeconds: Math.round(config.ACCESS_TOKEN_TTL / 1000), refreshTokenTtlMs: config.REFRESH_TOKEN_TTL };
  c.register(T.CLOCK, { useValue: clock });
  c.register(T.AUTH_SETTINGS, { useValue: settings });
  c.register(T.USER_REPOSITORY, { useValue: new PgUserRepository(infra.pool) });
  c.register(T.REFRESH_TOKEN_REPOSITORY, { useValue: new PgRefreshTokenRepository(infra.pool) });
  c.register(T.PASSWORD_HASHER, { useValue: new ScryptPasswordHasher(config.PASSWORD_SCRYPT_LOG_N) });
  c.register(T.ACCESS_TOKEN_SIGNER, {
    useValue: new JwtAccessTokenSigner(keyringFor(config, logger), { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: settings.accessTokenTtlSeconds, clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE / 1000 }, clock),
  });
  c.register(T.REVOCATION_LIST, {
    useValue: new MirroredRevocationList(new RedisRevocationList(infra.redis, config.NAME_PREFIX), infra.nc, config.NAME_PREFIX, settings.accessTokenTtlSeconds, logger),
  });
  const limits = { perAccount: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT, perIp: config.LOGIN_MAX_ATTEMPTS_PER_IP, windowMs: config.LOGIN_ATTEMPT_WINDOW };
  c.register(T.LOGIN_RATE_LIMITER, {
    useValue: new LocalFallbackLoginRateLimiter(
      new RedisLoginRateLimiter(infra.redis, config.NAME_PREFIX, limits),
      new InMemoryLoginRateLimiter(limits, clock),
      new Degradation(logger, infra.metrics, 'Redis', 'login rate limit'),
    ),
  });
  c.register(T.REVOCATION_PUBLISHER, { useValue: new NatsRevocationPublisher(infra.nc, config.NAME_PREFIX) });
  c.register(T.USER_EVENTS_PUBLISHER, { useValue: new JetStreamUserEventsPublisher(infra.nc, config.NAME_PREFIX, logger) });
  return c;
}

async function connectInfrastructure(config: AuthConfig, logger: Logger): Promise<AuthInfrastructure> {
  const pool = createPgPool(config.DATABASE_URL, logger);
  await requireDependency('PostgreSQL', config.DATABASE_URL, () => pool.query('SELECT 1'));
  const redis = createRedis(config.REDIS_URL, logger);
  await requireDependency('Redis', config.REDIS_URL, () => redis.ping());
  const nc = await requireDependency('NATS', config.NATS_URL, () => connectNats(config.NATS_URL, 'auth', logger));
  return { pool, redis, nc, metrics: createMetricsRegistry('auth') };
}

/** Starts the auth service: HTTP on AUTH_HTTP_PORT, gRPC on AUTH_GRPC_PORT. */
export async function startAuth(config: AuthConfig, logger: Logger = createLogger('auth', config.LOG_LEVEL, config.LOG_FORMAT)): Promise<AuthHandle> {
  const infra = await connectInfrastructure(config, logger);
  const c = createAuthContainer(config, infra, logger);
  const revocationList = c.resolve<MirroredRevocationList>(T.REVOCATION_LIST);
  await revocationList.start();
  await c.resolve<JetStreamUserEventsPublisher>(T.USER_EVENTS_PUBLISHER).start();
  const useCases = {
    register: c.resolve(RegisterUseCase),
    login: c.resolve(LoginUseCase),
    refresh: c.resolve(RefreshUseCase),
    logout: c.resolve(LogoutUseCase),
    validate: c.resolve(ValidateTokenUseCase),
    revoke: c.resolve(RevokeTokenUseCase),
    currentUser: c.resolve(GetCurrentUserUseCase),
  };
  const { metrics } = infra;
  const readiness = [postgresReadiness(infra.pool), redisReadiness(infra.redis), natsReadiness(infra.nc)];
  const http = await startHttpServer({
    service: 'auth',
    version: '1.0.0',
    description: 'Identity and tokens: register, login, refresh rotation, logout. gRPC AuthService on the gRPC port.',
    port: config.AUTH_HTTP_PORT,
    portVariable: 'AUTH_HTTP_PORT',
    logger,
    metrics,
    readiness,
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    corsOrigin: config.CORS_ORIGIN,
    publicUrls: config,
    translateError: translateAuthError,
    authenticate: async (token) => ({ ...(await useCases.validate.require(token)), token }),
    routes: authRoutes(useCases),
  });
  const grpc = await startGrpcServer({
    port: config.AUTH_GRPC_PORT,
    portVariable: 'AUTH_GRPC_PORT',
    logger,
    metrics,
    translateError: translateAuthError,
    pkg: loadProto('auth.proto'),
    services: { 'auth.v1.AuthService': authGrpcHandlers(useCases) },
  });
  return {
    httpPort: http.port,
    grpcPort: grpc.port,
    endpoints: endpointsOf({ http: http.port, grpc: grpc.port }),
    stop: async () => {
      await Promise.all([http.close(), grpc.close()]);
      revocationList.stop();
      // A dependency that is down must not hold shutdown hostage.
      await drainNats(infra.nc);
      infra.redis.disconnect();
      await withTimeout(infra.pool.end(), 3_000).catch(() => undefined);
    },
  };
}

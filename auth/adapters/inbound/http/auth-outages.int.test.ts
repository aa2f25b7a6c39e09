import { TcpProxy } from '../../../../bench/support/tcp-proxy';
import { http, newUser, startTestAuth, type TestAuth } from '../../../../test/support/auth-harness';
import { isolatedDatabaseUrl } from '../../../../test/support/test-database';

/** PostgreSQL, Redis and NATS are reached through proxies the test can cut, as if each went away. */
describe('auth when a dependency goes away', () => {
  const postgres = new TcpProxy('127.0.0.1', 5432);
  const redis = new TcpProxy('127.0.0.1', 6379);
  const nats = new TcpProxy('127.0.0.1', 4222);
  let auth: TestAuth;

  beforeAll(async () => {
    await Promise.all([postgres.start(), redis.start(), nats.start()]);
    const db = new URL(await isolatedDatabaseUrl());
    db.port = String(postgres.port);
    auth = await startTestAuth({ DATABASE_URL: db.toString(), REDIS_URL: `redis://127.0.0.1:${redis.port}`, NATS_URL: `nats://127.0.0.1:${nats.port}` });
  });
  afterAll(async () => {
    await auth.close();
    await Promise.all([postgres.stop(), redis.stop(), nats.stop()]);
  });

  const ready = () => http(auth.baseUrl, 'GET', '/ready');
  const eventually = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('PostgreSQL down: /ready names it, writes answer 503, and service resumes when it is back', async () => {
    await postgres.stop();
    const report = await ready();
    expect(report.status).toBe(503);
    expect(report.body.down).toEqual(['postgres']);
    const user = newUser();
    const register = await http(auth.baseUrl, 'POST', '/v1/auth/register', user);
    expect(register.status).toBe(503);
    expect(register.body.error.code).toBe('unavailable');
    expect((await http(auth.baseUrl, 'GET', '/health')).status).toBe(200);

    await postgres.restart();
    await eventually(async () => (await ready()).status === 200);
    expect((await http(auth.baseUrl, 'POST', '/v1/auth/register', user)).status).toBe(201);
  });

  it('Redis down: login goes on, its attempts counted in this process (limits still hold); the degradation is counted and Redis is back in use after', async () => {
    const [user, target] = [newUser(), newUser()];
    await http(auth.baseUrl, 'POST', '/v1/auth/register', user);
    await http(auth.baseUrl, 'POST', '/v1/auth/register', target);
    await redis.stop();
    try {
      const report = await ready();
      expect(report.status).toBe(503);
      expect(report.body.down).toEqual(['redis']);
      expect((await http(auth.baseUrl, 'POST', '/v1/auth/login', { username: user.username, password: user.password })).status).toBe(200);
      // LOGIN_MAX_ATTEMPTS_PER_ACCOUNT (10) wrong passwords, then the 11th attempt is refused even with Redis away.
      const attempts = [];
      for (let i = 0; i < 11; i++) attempts.push((await http(auth.baseUrl, 'POST', '/v1/auth/login', { username: target.username, password: 'wrong-password' })).status);
      expect(attempts).toEqual([...Array(10).fill(401), 429]);
      const metrics = await http(auth.baseUrl, 'GET', '/metrics');
      expect(Number(/realtime_degraded_total\{dependency="Redis",feature="login rate limit",service="auth"\} (\d+)/.exec(metrics.text)?.[1] ?? 0)).toBeGreaterThanOrEqual(12);
    } finally {
      await redis.restart();
    }
    await eventually(async () => (await ready()).status === 200);
    expect((await http(auth.baseUrl, 'POST', '/v1/auth/login', { username: user.username, password: user.password })).status).toBe(200);
  });

  it('NATS down: /ready names it and logout answers 503 instead of hanging; both recover', async () => {
    const user = newUser();
    await http(auth.baseUrl, 'POST', '/v1/auth/register', user);
    const { body: tokens } = await http(auth.baseUrl, 'POST', '/v1/auth/login', { username: user.username, password: user.password });
    await nats.stop();
    const report = await ready();
    expect(report.status).toBe(503);
    expect(report.body.down).toEqual(['nats']);
    const logout = await http(auth.baseUrl, 'POST', '/v1/auth/logout', undefined, { authorization: `Bearer ${tokens.access_token}` });
    expect(logout.status).toBe(503);

    await nats.restart();
    await eventually(async () => (await ready()).status === 200);
    const { body: fresh } = await http(auth.baseUrl, 'POST', '/v1/auth/login', { username: user.username, password: user.password });
    expect((await http(auth.baseUrl, 'POST', '/v1/auth/logout', undefined, { authorization: `Bearer ${fresh.access_token}` })).status).toBe(204);
  });
});

import { connect } from '@nats-io/transport-node';
import { nextMessage } from '../../../../test/support/nats';
import { http, newUser, startTestAuth, type TestAuth } from '../../../../test/support/auth-harness';

describe('auth HTTP API (started service, real PostgreSQL/Redis/NATS)', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await startTestAuth({ LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '5', LOGIN_ATTEMPT_WINDOW: '1m' });
  });
  afterAll(async () => {
    await auth.close();
  });

  const post = (path: string, body?: unknown, headers?: Record<string, string>) => http(auth.baseUrl, 'POST', path, body, headers);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function registerAndLogin() {
    const user = newUser();
    const registered = await post('/v1/auth/register', user);
    const login = await post('/v1/auth/login', { username: user.username, password: user.password });
    return { user, id: registered.body.user.id as string, tokens: login.body };
  }

  it('registers, logs in (by username or email) and reads /v1/users/me', async () => {
    const user = newUser();
    const registered = await post('/v1/auth/register', { ...user, phone: '+849019' + String(Date.now()).slice(-6) });
    expect(registered.status).toBe(201);
    expect(registered.body.user).toMatchObject({ username: user.username, email: user.email });
    expect(registered.text).not.toMatch(/password|scrypt/);

    const login = await post('/v1/auth/login', { email: user.email.toUpperCase(), password: user.password });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });

    const me = await http(auth.baseUrl, 'GET', '/v1/users/me', undefined, bearer(login.body.access_token));
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(registered.body.user.id);
  });

  describe('bad input answers 400 with field details', () => {
    it('malformed JSON', async () => {
      const res = await post('/v1/auth/register', '{"username": "x",', {});
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_request', message: 'malformed JSON body' });
    });

    it('missing fields', async () => {
      const res = await post('/v1/auth/register', { username: 'someone' });
      expect(res.status).toBe(400);
      const fields = res.body.error.details.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
    });

    it('over-long fields', async () => {
      const res = await post('/v1/auth/register', { ...newUser(), username: 'a'.repeat(33), password: 'p'.repeat(129) });
      expect(res.status).toBe(400);
      const fields = res.body.error.details.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['username', 'password']));
    });

    it('wrong types', async () => {
      const res = await post('/v1/auth/register', { username: 42, email: ['x'], password: true });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toHaveLength(3);
    });

    it('unknown fields and a body that is not an object', async () => {
      expect((await post('/v1/auth/register', { ...newUser(), admin: true })).status).toBe(400);
      expect((await post('/v1/auth/login', '"just a string"')).status).toBe(400);
    });

    it('a body over HTTP_MAX_BODY_BYTES is refused with 413', async () => {
      const res = await post('/v1/auth/register', { ...newUser(), padding: 'x'.repeat(1_100_000) });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('too_large');
    });

    it('unknown routes answer JSON 404', async () => {
      const res = await http(auth.baseUrl, 'GET', '/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });

  it('a duplicate username, email or phone is 409, not 500', async () => {
    const user = { ...newUser(), phone: '+8490' + String(Date.now()).slice(-9) };
    expect((await post('/v1/auth/register', user)).status).toBe(201);
    const byName = await post('/v1/auth/register', { ...newUser(), username: user.username.toUpperCase() });
    expect(byName.status).toBe(409);
    expect(byName.body.error).toMatchObject({ code: 'conflict', reason: 'AUTH.USERNAME_TAKEN' });
    const byEmail = await post('/v1/auth/register', { ...newUser(), email: user.email });
    expect(byEmail.body.error.reason).toBe('AUTH.EMAIL_TAKEN');
    const byPhone = await post('/v1/auth/register', { ...newUser(), phone: user.phone });
    expect(byPhone.body.error.reason).toBe('AUTH.PHONE_TAKEN');
  });

  it('20 concurrent registrations of one username: exactly one succeeds', async () => {
    const username = newUser().username;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post('/v1/auth/register', { username, email: `${username}.${i}@example.com`, password: 'password123' })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const { user } = await registerAndLogin();
    const wrongPassword = await post('/v1/auth/login', { username: user.username, password: 'not-the-password' });
    const unknownUser = await post('/v1/auth/login', { username: `${user.username}_nobody`, password: 'not-the-password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(unknownUser.body).toEqual(wrongPassword.body);
  });

  it('rate-limits login attempts per account with 429 and Retry-After', async () => {
    const { user } = await registerAndLogin(); // one attempt used
    for (let i = 0; i < 4; i++) expect((await post('/v1/auth/login', { username: user.username, password: 'wrong' })).status).toBe(401);
    const limited = await post('/v1/auth/login', { username: user.username, password: user.password });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('refresh rotates; presenting the rotated token again revokes the whole session', async () => {
    const { tokens } = await registerAndLogin();
    const rotated = await post('/v1/auth/refresh', { refresh_token: tokens.refresh_token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(tokens.refresh_token);

    const reuse = await post('/v1/auth/refresh', { refresh_token: tokens.refresh_token });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.reason).toBe('AUTH.REFRESH_TOKEN_REUSED');

    expect((await post('/v1/auth/refresh', { refresh_token: rotated.body.refresh_token })).status).toBe(401);
    const me = await http(auth.baseUrl, 'GET', '/v1/users/me', undefined, bearer(rotated.body.access_token));
    expect(me.status).toBe(401);
  });

  it('logout revokes the session, announces it on NATS, and the token stops working', async () => {
    const { id, tokens } = await registerAndLogin();
    const nc = await connect({ servers: auth.config.NATS_URL });
    const sub = nc.subscribe(`${auth.config.NAME_PREFIX}auth.revoked`, { max: 1 });
    await nc.flush();
    const logout = await post('/v1/auth/logout', undefined, bearer(tokens.access_token));
    expect(logout.status).toBe(204);
    expect((await nextMessage(sub)).data).toMatchObject({ user_id: id, reason: 'logout' });
    await nc.close();
    expect((await http(auth.baseUrl, 'GET', '/v1/users/me', undefined, bearer(tokens.access_token))).status).toBe(401);
    expect((await post('/v1/auth/refresh', { refresh_token: tokens.refresh_token })).status).toBe(401);
  });

  it('protected routes refuse missing and bad tokens', async () => {
    expect((await http(auth.baseUrl, 'GET', '/v1/users/me')).status).toBe(401);
    const tampered = await http(auth.baseUrl, 'GET', '/v1/users/me', undefined, bearer('eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'));
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.reason).toBe('AUTH.INVALID_TOKEN');
  });

  it('serves health, readiness, metrics and the OpenAPI document generated from the zod schemas', async () => {
    expect((await http(auth.baseUrl, 'GET', '/health')).body).toMatchObject({ status: 'ok' });
    const ready = await http(auth.baseUrl, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ postgres: 'up', redis: 'up', nats: 'up' });
    const metrics = await http(auth.baseUrl, 'GET', '/metrics');
    expect(metrics.text).toContain('http_requests_total');
    const doc = await http(auth.baseUrl, 'GET', '/docs/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/auth/register', '/v1/auth/login', '/v1/auth/refresh', '/v1/auth/logout', '/v1/users/me']),
    );
    expect(doc.body.components.schemas.RegisterRequest.properties.username.maxLength).toBe(32);
    const ui = await fetch(`${auth.baseUrl}/docs/`);
    expect(await ui.text()).toContain('swagger-ui');
  });
});

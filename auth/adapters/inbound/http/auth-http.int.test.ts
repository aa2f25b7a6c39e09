import { http, newUser, startTestAuth, type TestAuth } from '../../../../test/support/auth-harness';

describe('auth HTTP API (started service, real PostgreSQL/Redis/NATS)', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await startTestAuth();
  });
  afterAll(async () => {
    await auth.close();
  });

  it('registers, logs in and reads /v1/users/me', async () => {
    const user = newUser();
    const registered = await http(auth.baseUrl, 'POST', '/v1/auth/register', user);
    expect(registered.status).toBe(201);
    expect(registered.body.user).toMatchObject({ username: user.username, email: user.email });
    expect(JSON.stringify(registered.body)).not.toContain('password');

    const login = await http(auth.baseUrl, 'POST', '/v1/auth/login', { username: user.username, password: user.password });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });

    const me = await http(auth.baseUrl, 'GET', '/v1/users/me', undefined, { authorization: `Bearer ${login.body.access_token}` });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(registered.body.user.id);
  });
});

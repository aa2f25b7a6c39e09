import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { createLogger } from '#kernel/logging/logger';
import { loadProto, startGrpcServer } from '#kernel/grpc/grpc-server';
import { startTestAuth, newUser, http, type TestAuth } from '../../../test/support/auth-harness';
import { describeTokenVerifierContract } from './token-verifier.contract';
import { GrpcTokenVerifier } from './grpc-token-verifier';

describe('GrpcTokenVerifier against a started auth service', () => {
  let auth: TestAuth;
  const verifiers: GrpcTokenVerifier[] = [];
  beforeAll(async () => {
    auth = await startTestAuth();
  });
  afterAll(async () => {
    for (const verifier of verifiers) verifier.close();
    await auth.close();
  });

  describeTokenVerifierContract('GrpcTokenVerifier (real auth over gRPC, with its cache)', async () => {
    const verifier = new GrpcTokenVerifier(auth.grpcAddress);
    verifiers.push(verifier);
    return {
      verifier,
      issue: async () => {
        const user = newUser();
        const registered = await http(auth.baseUrl, 'POST', '/v1/auth/register', user);
        const login = await http(auth.baseUrl, 'POST', '/v1/auth/login', { username: user.username, password: user.password });
        return { token: login.body.access_token, userId: registered.body.user.id, username: user.username };
      },
      revoke: async (token) => {
        await auth.grpc('RevokeToken', { token });
      },
    };
  });
});

/** An AuthService whose ValidateToken answers `answer` (with a valid user, token and session unless overridden). */
async function fakeAuthAnswering(answer: Record<string, unknown>) {
  return startGrpcServer({
    port: 0,
    portVariable: 'TEST_GRPC_PORT',
    logger: createLogger('fake-auth', 'silent'),
    metrics: new Registry(),
    translateError: () => undefined,
    pkg: loadProto('auth.proto'),
    services: {
      'auth.v1.AuthService': {
        ValidateToken: async () => ({ valid: true, user_id: '7', username: 'x', expires_at: String(Math.floor(Date.now() / 1000) + 600), reason: '', token_id: randomUUID(), session_id: randomUUID(), ...answer }),
      },
    },
  });
}

async function verifiedBy(answer: Record<string, unknown>) {
  const fakeAuth = await fakeAuthAnswering(answer);
  const verifier = new GrpcTokenVerifier(`127.0.0.1:${fakeAuth.port}`);
  try {
    return await verifier.verify('any');
  } finally {
    verifier.close();
    await fakeAuth.close();
  }
}

describe('GrpcTokenVerifier and what auth answers', () => {
  it('refuses a "valid" answer whose user id is no user id (it would become a NATS subject)', async () => {
    await expect(verifiedBy({ user_id: '>' })).rejects.toMatchObject({ kind: 'unauthorized', details: { reason: 'malformed' } });
  });

  it('maps the role, and reads an answer without one (an auth from before roles) as a user’s', async () => {
    expect((await verifiedBy({ role: 'admin' })).role).toBe('admin');
    expect((await verifiedBy({})).role).toBe('user');
  });
});

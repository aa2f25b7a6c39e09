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

describe('GrpcTokenVerifier and an answer it must not trust', () => {
  it('refuses a "valid" answer whose user id is no user id (it would become a NATS subject)', async () => {
    const fakeAuth = await startGrpcServer({
      port: 0,
      portVariable: 'TEST_GRPC_PORT',
      logger: createLogger('fake-auth', 'silent'),
      metrics: new Registry(),
      translateError: () => undefined,
      pkg: loadProto('auth.proto'),
      services: {
        'auth.v1.AuthService': {
          ValidateToken: async () => ({ valid: true, user_id: '>', username: 'x', expires_at: String(Math.floor(Date.now() / 1000) + 600), reason: '', token_id: randomUUID(), session_id: randomUUID() }),
        },
      },
    });
    const verifier = new GrpcTokenVerifier(`127.0.0.1:${fakeAuth.port}`);
    try {
      await expect(verifier.verify('any')).rejects.toMatchObject({ kind: 'unauthorized', details: { reason: 'malformed' } });
    } finally {
      verifier.close();
      await fakeAuth.close();
    }
  });
});

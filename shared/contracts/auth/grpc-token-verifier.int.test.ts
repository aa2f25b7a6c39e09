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

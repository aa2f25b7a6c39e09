import * as grpc from '@grpc/grpc-js';
import jwt from 'jsonwebtoken';
import { createGrpcClient, callUnary } from '#kernel/grpc/grpc-client';
import { loadProto } from '#kernel/grpc/grpc-server';
import { newUser, startTestAuth, TEST_JWT_SECRET, type TestAuth } from '../../../../test/support/auth-harness';
import { PLATFORM_GRPC_SERVICES, reflectedServices } from '../../../../test/support/grpc-reflection';
import { createLogger } from '#kernel/logging/logger';
import { setUserRole } from '../../../user-role';

function statusOf(promise: Promise<unknown>): Promise<grpc.status | 'OK'> {
  return promise.then(
    () => 'OK' as const,
    (error: grpc.ServiceError) => error.code,
  );
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('auth gRPC API (started service)', () => {
  let auth: TestAuth;
  let user: ReturnType<typeof newUser>;
  let kid: string;
  beforeAll(async () => {
    auth = await startTestAuth();
    user = newUser();
    await auth.grpc('Register', user);
    const pair = await auth.grpc('Login', { username: user.username, password: user.password });
    kid = (jwt.decode(pair.access_token, { complete: true }) as jwt.Jwt).header.kid as string;
  });
  afterAll(async () => {
    await auth.close();
  });

  const login = () => auth.grpc('Login', { username: user.username, password: user.password });

  it('Register, Login and ValidateToken work end to end', async () => {
    const pair = await login();
    expect(pair).toMatchObject({ token_type: 'Bearer', expires_in: '900' });
    const validation = await auth.grpc('ValidateToken', { token: pair.access_token });
    expect(validation).toMatchObject({ valid: true, username: user.username, role: 'user', reason: '' });
    expect(Number(validation.expires_at)).toBeGreaterThan(Date.now() / 1000);
  });

  it('answers the role the token carries: an admin from the token issued after the role change (npm run user:role)', async () => {
    const before = (await login()).access_token;
    await setUserRole(auth.config, createLogger('test', 'silent'), user.username, 'admin');
    const after = (await login()).access_token;
    expect(jwt.decode(after)).toMatchObject({ role: 'admin' });
    expect(await auth.grpc('ValidateToken', { token: after })).toMatchObject({ valid: true, role: 'admin' });
    // The token issued before keeps the role it was issued with until it expires.
    expect(await auth.grpc('ValidateToken', { token: before })).toMatchObject({ valid: true, role: 'user' });
    await setUserRole(auth.config, createLogger('test', 'silent'), user.username, 'user');
    expect(await auth.grpc('ValidateToken', { token: (await login()).access_token })).toMatchObject({ role: 'user' });
  });

  it('maps domain errors to gRPC status codes', async () => {
    expect(await statusOf(auth.grpc('Register', user))).toBe(grpc.status.ALREADY_EXISTS);
    expect(await statusOf(auth.grpc('Register', { username: 'x' }))).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await statusOf(auth.grpc('Login', { username: user.username, password: 'wrong-password' }))).toBe(grpc.status.UNAUTHENTICATED);
    expect(await statusOf(auth.grpc('Refresh', { refresh_token: 'not-a-token' }))).toBe(grpc.status.UNAUTHENTICATED);
    expect(await statusOf(auth.grpc('ValidateToken', { token: '' }))).toBe(grpc.status.INVALID_ARGUMENT);
  });

  describe('ValidateToken rejects', () => {
    const base = () => ({ sub: '1', jti: 'j', sid: 's', username: 'mallory', iss: auth.config.JWT_ISSUER, aud: auth.config.JWT_AUDIENCE });
    const sign = (claims: object, secret: string, options: jwt.SignOptions = {}) => jwt.sign(claims, secret, { algorithm: 'HS256', keyid: kid, ...options });
    const reasonOf = async (token: string) => {
      const answer = await auth.grpc('ValidateToken', { token });
      expect(answer.valid).toBe(false);
      return answer.reason as string;
    };

    it('an expired token', async () => {
      const token = sign({ ...base(), iat: 1_000, exp: 2_000 }, TEST_JWT_SECRET);
      expect(await reasonOf(token)).toBe('expired');
    });

    it('a tampered token', async () => {
      const { access_token } = await login();
      const [header, payload, signature] = access_token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      expect(await reasonOf(`${header}.${b64({ ...claims, sub: '999999' })}.${signature}`)).toBe('bad_signature');
    });

    it('a token signed with the wrong key', async () => {
      expect(await reasonOf(sign(base(), 'another-secret-of-more-than-32-characters!', { expiresIn: 60 }))).toBe('bad_signature');
      expect(await reasonOf(sign(base(), 'another-secret-of-more-than-32-characters!', { expiresIn: 60, keyid: 'other-kid' }))).toBe('unknown_key');
    });

    it('an alg:none token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64({ ...base(), iat: now, exp: now + 60 })}.`;
      expect(await reasonOf(token)).toBe('algorithm_not_allowed');
    });

    it('a token for another audience', async () => {
      expect(await reasonOf(sign({ ...base(), aud: 'someone-else' }, TEST_JWT_SECRET, { expiresIn: 60 }))).toBe('wrong_audience');
    });

    it('a revoked token', async () => {
      const { access_token } = await login();
      expect(await auth.grpc('RevokeToken', { token: access_token })).toEqual({ revoked: true });
      expect(await reasonOf(access_token)).toBe('revoked');
    });

    it('garbage', async () => {
      expect(await reasonOf('not.a.jwt')).toBe('malformed');
    });
  });

  it('Refresh rotates and RevokeToken on a refresh token ends the session', async () => {
    const pair = await login();
    const rotated = await auth.grpc('Refresh', { refresh_token: pair.refresh_token });
    expect(rotated.refresh_token).not.toBe(pair.refresh_token);
    expect(await auth.grpc('RevokeToken', { token: rotated.refresh_token })).toEqual({ revoked: true });
    expect((await auth.grpc('ValidateToken', { token: rotated.access_token })).reason).toBe('revoked');
    expect(await auth.grpc('RevokeToken', { token: 'never-issued' })).toEqual({ revoked: false });
  });

  it('serves grpc.health.v1, and lists every service it serves through reflection', async () => {
    const health = createGrpcClient(loadProto('../node_modules/grpc-health-check/proto/health/v1/health.proto'), 'grpc.health.v1.Health', auth.grpcAddress);
    expect(await callUnary(health, 'Check', { service: 'auth.v1.AuthService' })).toEqual({ status: 'SERVING' });
    health.close();

    expect(await reflectedServices(auth.grpcAddress)).toEqual(['auth.v1.AuthService', ...PLATFORM_GRPC_SERVICES].sort());
  });
});

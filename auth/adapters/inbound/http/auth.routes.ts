import { z } from 'zod';
import type { HttpRouter } from '#kernel/http/http-router';
import type { Principal } from '#contracts/auth/principal';
import type { RegisterUseCase } from '../../../application/use-cases/register/register.use-case';
import type { LoginUseCase } from '../../../application/use-cases/login/login.use-case';
import type { RefreshUseCase } from '../../../application/use-cases/refresh/refresh.use-case';
import type { LogoutUseCase } from '../../../application/use-cases/logout/logout.use-case';
import type { GetCurrentUserUseCase } from '../../../application/use-cases/get-current-user/get-current-user.use-case';
import { RegisterRequestSchema, UserSchema } from '../../../application/use-cases/register/register.schema';
import { LoginRequestSchema, TokenPairSchema } from '../../../application/use-cases/login/login.schema';
import { RefreshRequestSchema } from '../../../application/use-cases/refresh/refresh.schema';

export interface AuthHttpUseCases {
  register: RegisterUseCase;
  login: LoginUseCase;
  refresh: RefreshUseCase;
  logout: LogoutUseCase;
  currentUser: GetCurrentUserUseCase;
}

const TAG = 'auth';

export function authRoutes(useCases: AuthHttpUseCases) {
  return (router: HttpRouter<Principal>): void => {
    router.add({
      method: 'post',
      path: '/v1/auth/register',
      tag: TAG,
      summary: 'Create an account',
      body: RegisterRequestSchema,
      responses: { 201: { description: 'Created', schema: z.object({ user: UserSchema }) }, 409: { description: 'Username, email or phone taken' } },
      handler: async ({ body }) => ({ status: 201, body: { user: await useCases.register.run(body) } }),
    });
    router.add({
      method: 'post',
      path: '/v1/auth/login',
      tag: TAG,
      summary: 'Exchange credentials for an access and a refresh token',
      body: LoginRequestSchema,
      responses: { 200: { description: 'Signed in', schema: TokenPairSchema }, 401: { description: 'Invalid credentials' }, 429: { description: 'Too many attempts (Retry-After)' } },
      handler: async ({ body, req }) => ({ status: 200, body: await useCases.login.run(body, req.ip ?? 'unknown') }),
    });
    router.add({
      method: 'post',
      path: '/v1/auth/refresh',
      tag: TAG,
      summary: 'Rotate a refresh token (reusing a rotated one revokes the session)',
      body: RefreshRequestSchema,
      responses: { 200: { description: 'New token pair', schema: TokenPairSchema }, 401: { description: 'Invalid, expired or reused refresh token' } },
      handler: async ({ body }) => ({ status: 200, body: await useCases.refresh.run(body.refresh_token) }),
    });
    router.add({
      method: 'post',
      path: '/v1/auth/logout',
      tag: TAG,
      summary: 'End the current session: its refresh tokens, access tokens and open sockets',
      auth: true,
      responses: { 204: { description: 'Signed out' } },
      handler: async ({ principal }) => {
        await useCases.logout.run({ userId: principal.userId, sessionId: principal.sessionId, tokenId: principal.tokenId });
        return { status: 204 };
      },
    });
    router.add({
      method: 'get',
      path: '/v1/users/me',
      tag: 'users',
      summary: 'The signed-in user',
      auth: true,
      responses: { 200: { description: 'The user', schema: z.object({ user: UserSchema }) } },
      handler: async ({ principal }) => ({ status: 200, body: { user: await useCases.currentUser.run(principal.userId) } }),
    });
  };
}

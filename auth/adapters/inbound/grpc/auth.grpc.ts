import type { ServerUnaryCall } from '@grpc/grpc-js';
import { z } from 'zod';
import type { AsyncUnary } from '#kernel/grpc/grpc-server';
import { parseOrThrow } from '#kernel/errors/validation';
import type { RegisterUseCase } from '../../../application/use-cases/register/register.use-case';
import type { LoginUseCase } from '../../../application/use-cases/login/login.use-case';
import type { RefreshUseCase } from '../../../application/use-cases/refresh/refresh.use-case';
import type { ValidateTokenUseCase } from '../../../application/use-cases/validate-token/validate-token.use-case';
import type { RevokeTokenUseCase } from '../../../application/use-cases/revoke-token/revoke-token.use-case';
import { RegisterRequestSchema } from '../../../application/use-cases/register/register.schema';
import { LoginRequestSchema } from '../../../application/use-cases/login/login.schema';
import { RefreshRequestSchema } from '../../../application/use-cases/refresh/refresh.schema';

export interface AuthGrpcUseCases {
  register: RegisterUseCase;
  login: LoginUseCase;
  refresh: RefreshUseCase;
  validate: ValidateTokenUseCase;
  revoke: RevokeTokenUseCase;
}

const TokenRequest = z.object({ token: z.string().min(1).max(8192) });

// proto3 has no "absent": empty strings mean "not given" before the shared zod schemas run.
function withoutEmpty(message: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(message).filter(([, v]) => v !== ''));
}

function parse<S extends z.ZodType>(schema: S, message: unknown): z.infer<S> {
  return parseOrThrow(schema, withoutEmpty(message as Record<string, unknown>), 'request');
}

/** The client address without the port (`ipv4:127.0.0.1:5555` → `127.0.0.1`). */
function peerAddress(call: ServerUnaryCall<unknown, unknown>): string {
  return call.getPeer().replace(/^ipv[46]:/, '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
}

/** auth.v1.AuthService handlers over the same use cases as HTTP. */
export function authGrpcHandlers(useCases: AuthGrpcUseCases): Record<string, AsyncUnary<any, any>> {
  return {
    Register: async (request) => ({ user: await useCases.register.run(parse(RegisterRequestSchema, request)) }),
    Login: async (request, call) => ({ ...(await useCases.login.run(parse(LoginRequestSchema, request), peerAddress(call))) }),
    Refresh: async (request) => useCases.refresh.run(parse(RefreshRequestSchema, request).refresh_token),
    ValidateToken: async (request) => {
      const result = await useCases.validate.run(parse(TokenRequest, request).token);
      if (!result.valid) return { valid: false, reason: result.reason };
      const c = result.claims;
      return { valid: true, user_id: c.userId, username: c.username, role: c.role, expires_at: c.expiresAt, token_id: c.tokenId, session_id: c.sessionId, reason: '' };
    },
    RevokeToken: async (request) => ({ revoked: await useCases.revoke.run(parse(TokenRequest, request).token) }),
  };
}

import { z } from 'zod';

export const LoginRequestSchema = z
  .object({
    username: z.string().min(1).max(254).optional().meta({ example: 'alice' }),
    email: z.string().min(1).max(254).optional().meta({ example: 'alice@example.com' }),
    password: z.string().min(1).max(128).meta({ example: 'correct horse battery' }),
  })
  .strict()
  .refine((v) => (v.username === undefined) !== (v.email === undefined), { error: 'give exactly one of username or email', path: ['username'] })
  // A whole example: username and email are alternatives, so the two together would be refused.
  .meta({ id: 'LoginRequest', example: { username: 'alice', password: 'correct horse battery' } });

export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const TokenPairSchema = z
  .object({
    access_token: z.string().meta({ description: 'a JWT', example: 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJzdWIiOiI0MiIsInVzZXJuYW1lIjoiYWxpY2UiLCJzaWQiOiI3YzllNjY3OS03NDI1LTQwZGUtOTQ0Yi1lMDdmYzFmOTBhZTciLCJleHAiOjE3OTU1OTMxNjl9.3vN8bQ2c1mV0Xb4PqL9rT6yWkZ5sJ7uHdE2aFgC8iYo' }),
    refresh_token: z.string().meta({ description: '256 random bits, base64url', example: 'q3Zt9bX1kP0wL7mN2cV8rY5sA4dF6gH1jK3lZ9xQeWo' }),
    expires_in: z.number().int().meta({ description: 'seconds until the access token expires', example: 900 }),
    token_type: z.literal('Bearer'),
  })
  .meta({ id: 'TokenPair' });

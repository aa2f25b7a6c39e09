import { z } from 'zod';

export const LoginRequestSchema = z
  .object({
    username: z.string().min(1).max(254).optional().meta({ example: 'alice' }),
    email: z.string().min(1).max(254).optional(),
    password: z.string().min(1).max(128).meta({ example: 'correct horse battery' }),
  })
  .strict()
  .refine((v) => (v.username === undefined) !== (v.email === undefined), { error: 'give exactly one of username or email', path: ['username'] })
  .meta({ id: 'LoginRequest' });

export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const TokenPairSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    expires_in: z.number().int().meta({ description: 'seconds until the access token expires' }),
    token_type: z.literal('Bearer'),
  })
  .meta({ id: 'TokenPair' });

import { z } from 'zod';

export const RegisterRequestSchema = z
  .object({
    username: z
      .string()
      .min(3)
      .max(32)
      .regex(/^[A-Za-z0-9_.-]+$/, { error: 'letters, digits, _ . - only' })
      .meta({ example: 'alice' }),
    email: z.email().max(254).meta({ example: 'alice@example.com' }),
    phone: z
      .string()
      .regex(/^\+?[0-9]{6,15}$/, { error: 'digits with an optional leading +, 6 to 15 of them' })
      .optional()
      .meta({ example: '+84901919540' }),
    password: z.string().min(8).max(128).meta({ example: 'correct horse battery' }),
  })
  .strict()
  .meta({ id: 'RegisterRequest' });

export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

export const UserSchema = z
  .object({
    id: z.string().meta({ description: 'a decimal string (bigint)', example: '42' }),
    username: z.string().meta({ example: 'alice' }),
    email: z.string().meta({ example: 'alice@example.com' }),
    phone: z.string().nullable().meta({ example: '+84901919540' }),
    created_at: z.string().meta({ example: '2026-12-03T09:15:27.512Z' }),
  })
  .meta({ id: 'User' });

import { z } from 'zod';

export const RefreshRequestSchema = z
  .object({ refresh_token: z.string().min(1).max(512) })
  .strict()
  .meta({ id: 'RefreshRequest' });

import { z } from 'zod';

export const RefreshRequestSchema = z
  .object({ refresh_token: z.string().min(1).max(512).meta({ example: 'q3Zt9bX1kP0wL7mN2cV8rY5sA4dF6gH1jK3lZ9xQeWo' }) })
  .strict()
  .meta({ id: 'RefreshRequest' });

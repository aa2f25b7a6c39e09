import { z } from 'zod';

/** `GET /v1/admin/connections`: the connections of every edge that answered within 300 ms. */
export const ConnectionsReportSchema = z
  .object({
    total: z.number().int().meta({ description: 'open sockets and SSE streams over every edge' }),
    authenticated: z.number().int().meta({ description: 'of them, signed in (the rest are guests or still without their auth frame)' }),
    edges: z.array(z.object({ edge_id: z.string(), connections: z.number().int(), authenticated: z.number().int() })).meta({ description: 'by edge id' }),
    rooms: z.array(z.object({ room: z.string(), connections: z.number().int() })).meta({ description: 'sessions per joined room over every edge, most first' }),
  })
  .meta({ id: 'ConnectionsReport' });

export type ConnectionsReport = z.infer<typeof ConnectionsReportSchema>;

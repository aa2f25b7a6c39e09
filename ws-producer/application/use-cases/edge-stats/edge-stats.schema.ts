import { z } from 'zod';

/** `GET /v1/admin/connections`: the connections of every edge that answered within 300 ms. */
export const ConnectionsReportSchema = z
  .object({
    total: z.number().int().meta({ description: 'open sockets and SSE streams over every edge' }),
    authenticated: z.number().int().meta({ description: 'of them, signed in (the rest are guests or still without their auth frame)' }),
    edges: z.array(z.object({ edge_id: z.string(), connections: z.number().int(), authenticated: z.number().int() })).meta({ description: 'by edge id' }),
    rooms: z.array(z.object({ room: z.string(), connections: z.number().int() })).meta({ description: 'sessions per joined room over every edge, most first' }),
  })
  .meta({
    id: 'ConnectionsReport',
    example: {
      total: 3,
      authenticated: 2,
      edges: [
        { edge_id: '2f1c9a7e-4b3d-4e8a-9c61-7d5e0b2a8f14', connections: 2, authenticated: 1 },
        { edge_id: 'c8e4b2d0-1a9f-4c37-8e5b-6f2d9a0c4e71', connections: 1, authenticated: 1 },
      ],
      rooms: [
        { room: 'lobby', connections: 2 },
        { room: 'event:8d3f4a2e-6b1c-4e7f-9a05-3c2b1d0e9f87', connections: 1 },
      ],
    },
  });

export type ConnectionsReport = z.infer<typeof ConnectionsReportSchema>;

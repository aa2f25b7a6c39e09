import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Wakeup } from '#kernel/lifecycle/wakeup';
import type { SeatChangeBatch, SeatChangeFeedPort } from '../../../application/ports/seat-change-feed.port';
import { seatMapCommands, type SeatMapCommands } from './seat-map.lua';

type StreamEntry = [id: string, fields: string[]];

const SeatsSchema = z.array(z.object({ id: z.uuid(), status: z.enum(['free', 'held', 'sold']) }));

/** The seat map's change feed: a Redis stream the seat-map scripts append to, read by the lease holder. */
export class RedisSeatChangeFeed implements SeatChangeFeedPort {
  private readonly scripts: SeatMapCommands;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Rung by this process's RedisSeatMap after each change it makes. */
    private readonly localChanges: Wakeup,
  ) {
    this.scripts = seatMapCommands(redis);
  }

  changed(ms: number): Promise<void> {
    return this.localChanges.wait(ms);
  }

  async claim(owner: string, leaseMs: number, limit: number): Promise<SeatChangeBatch | null> {
    const entries = (await this.scripts.tkClaim(this.prefix, Date.now(), owner, leaseMs, limit)) as StreamEntry[] | null;
    if (!entries) return null;
    const batch: SeatChangeBatch = { ids: [], changes: [] };
    for (const [id, fields] of entries) {
      batch.ids.push(id);
      const change = parse(fields);
      // A malformed entry (written by hand?) is skipped and acknowledged with the rest.
      if (change) batch.changes.push({ id, ...change });
    }
    return batch;
  }

  async ack(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.redis.xdel(`${this.prefix}tk:seat-changes`, ...ids);
  }
}

function parse(fields: string[]): { eventId: string; available: number; seats: z.infer<typeof SeatsSchema> } | undefined {
  const record: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) record[fields[i]] = fields[i + 1];
  const seats = SeatsSchema.safeParse(safeJson(record.seats));
  const available = Number(record.available);
  if (!record.event || !seats.success || !Number.isInteger(available)) return undefined;
  return { eventId: record.event, available: Math.max(0, available), seats: seats.data };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

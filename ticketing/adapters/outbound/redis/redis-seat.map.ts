import type { Redis } from 'ioredis';
import type { Wakeup } from '#kernel/lifecycle/wakeup';
import type { SeatStatus } from '../../../domain/event.entity';
import type { Hold } from '../../../domain/hold.entity';
import type {
  BookedSeat,
  ExtendOutcome,
  HoldOutcome,
  QueueOutcome,
  QueuedHoldRecheck,
  ReleaseOutcome,
  SeatEffect,
  SeatMapPort,
  SeatStatuses,
} from '../../../application/ports/seat-map.port';
import { seatMapCommands, type SeatMapCommands } from './seat-map.lua';

type HoldReply = [string, string, string, string, string, string, string, string];

function toHold(id: string, reply: HoldReply): Hold {
  const [, eventId, userId, seats, expires, extensions, bookingId, offer] = reply;
  return { id, eventId, userId, seatIds: seats.split(','), expiresAt: new Date(Number(expires)), extensions: Number(extensions), bookingId: bookingId || null, fromWaitlist: offer === '1' };
}

/** The live seat map in Redis: one Lua script per operation (seat-map.lua.ts). */
export class RedisSeatMap implements SeatMapPort {
  private readonly scripts: SeatMapCommands;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Rung after every script that may have appended to the change feed (the relay waits on it). */
    private readonly changes?: Wakeup,
  ) {
    this.scripts = seatMapCommands(redis);
  }

  async hold(hold: Hold, now: Date, fromWaitlist = false): Promise<HoldOutcome> {
    const reply = (await this.scripts.tkHold(...this.args(now), hold.id, hold.userId, hold.eventId, hold.expiresAt.getTime(), fromWaitlist ? 1 : 0, ...hold.seatIds)) as string[];
    this.changes?.ring();
    if (reply[0] === 'held') return { kind: 'held', available: Number(reply[1]) };
    if (reply[0] === 'taken') return { kind: 'taken', seatIds: reply.slice(1) };
    return { kind: 'unloaded' };
  }

  async find(holdId: string): Promise<Hold | null> {
    const reply = (await this.scripts.tkFind(...this.args(new Date()), holdId)) as HoldReply;
    return reply[0] === 'found' ? toHold(holdId, reply) : null;
  }

  async release(holdId: string, userId: string | null, now: Date): Promise<ReleaseOutcome> {
    const outcome = (await this.scripts.tkRelease(...this.args(now), holdId, userId ?? '')) as ReleaseOutcome;
    this.changes?.ring();
    return outcome;
  }

  async extend(holdId: string, userId: string, now: Date, ttlMs: number, maxExtensions: number): Promise<ExtendOutcome> {
    const reply = (await this.scripts.tkExtend(...this.args(now), holdId, userId, ttlMs, maxExtensions)) as HoldReply;
    if (reply[0] === 'extended') return { kind: 'extended', hold: toHold(holdId, reply) };
    return { kind: reply[0] as 'missing' | 'not_yours' | 'cap' };
  }

  async queue(holdId: string, userId: string, bookingId: string, now: Date, recheckMs: number): Promise<QueueOutcome> {
    const reply = (await this.scripts.tkQueue(...this.args(now), holdId, userId, bookingId, recheckMs)) as HoldReply;
    if (reply[0] === 'queued') return { kind: 'queued', hold: toHold(holdId, reply) };
    if (reply[0] === 'already') return { kind: 'already', bookingId: reply[1] };
    return { kind: reply[0] as 'missing' | 'not_yours' };
  }

  async unqueue(holdId: string, bookingId: string): Promise<void> {
    await this.scripts.tkUnqueue(...this.args(new Date()), holdId, bookingId);
  }

  async apply(effect: SeatEffect): Promise<'applied' | 'unloaded'> {
    const outcome = (await this.scripts.tkApply(...this.args(new Date()), effect.eventId, effect.holdId ?? '', effect.bookingId, effect.to, ...effect.seatIds)) as 'applied' | 'unloaded';
    this.changes?.ring();
    return outcome;
  }

  async load(eventId: string, totalSeats: number, booked: BookedSeat[]): Promise<void> {
    const pairs = booked.flatMap((seat) => [seat.seatId, `${seat.sold ? 's' : 'b'}:${seat.bookingId}`]);
    await this.scripts.tkLoad(...this.args(new Date()), eventId, totalSeats, ...pairs);
  }

  async statuses(eventId: string, now: Date): Promise<SeatStatuses> {
    const reply = (await this.scripts.tkStatuses(...this.args(now), eventId)) as string[];
    if (reply[0] !== 'ok') return { kind: 'unloaded' };
    const statuses = new Map<string, SeatStatus>();
    const kept: string[] = [];
    for (let i = 2; i < reply.length; i += 2) {
      const status = reply[i + 1];
      if (status === 'kept') kept.push(reply[i]);
      statuses.set(reply[i], status === 'sold' ? 'sold' : 'held');
    }
    return { kind: 'ok', statuses, available: Number(reply[1]), kept };
  }

  async keepForWaitlist(eventId: string, keep: boolean): Promise<void> {
    await this.scripts.tkKeep(...this.args(new Date()), eventId, keep ? 1 : 0);
    this.changes?.ring();
  }

  keeping(): Promise<string[]> {
    return this.redis.smembers(`${this.prefix}tk:keeping`);
  }

  async sweep(now: Date, limit: number): Promise<{ released: number; recheck: QueuedHoldRecheck[] }> {
    const reply = (await this.scripts.tkSweep(...this.args(now), limit, RECHECK_AGAIN_MS)) as (number | string)[];
    if (Number(reply[0]) > 0) this.changes?.ring();
    const recheck: QueuedHoldRecheck[] = [];
    for (let i = 1; i < reply.length; i += 2) recheck.push({ holdId: String(reply[i]), bookingId: String(reply[i + 1]) });
    return { released: Number(reply[0]), recheck };
  }

  private args(now: Date): [string, number] {
    return [this.prefix, now.getTime()];
  }
}

/** A queued hold whose booking is still waiting is looked at again after this long. */
const RECHECK_AGAIN_MS = 60_000;

import { inject, injectable } from 'tsyringe';
import { RoomChannel } from '../domain/room-channel.entity';
import type { Delivery } from '../domain/delivery';
import type { DeliveryFeedPort, Unfollow } from './ports/delivery-feed.port';
import type { EdgeTelemetryPort } from './ports/edge-telemetry.port';
import type { Session } from './session';
import { DELIVERY_FEED, TELEMETRY } from '../tokens';
import { RepairGapUseCase } from './use-cases/repair-gap/repair-gap.use-case';

interface HeldRoom {
  channel: RoomChannel<Session>;
  /** Resolves with the unfollow once the broker has the interest. */
  following: Promise<Unfollow>;
}

/**
 * The rooms this edge holds: a room is followed (its deliveries come here) from its first
 * session's join until its last session leaves. Deliveries go through the room's channel, which
 * puts them in seq order; a gap is handed to gap repair. One per edge (main.ts registers it as a singleton of its container).
 */
@injectable()
export class LocalRooms {
  private readonly held = new Map<string, HeldRoom>();

  constructor(
    @inject(DELIVERY_FEED) private readonly feed: DeliveryFeedPort,
    @inject(TELEMETRY) private readonly telemetry: EdgeTelemetryPort,
    private readonly repairGap: RepairGapUseCase,
  ) {}

  /**
   * The room's channel, following the room first when it is new here; resolves once deliveries
   * flow. Add the session to it at once (before anything else is awaited).
   */
  async enter(room: string): Promise<RoomChannel<Session>> {
    for (;;) {
      const entry = this.held.get(room) ?? this.follow(room);
      try {
        await entry.following;
      } catch (error) {
        // Not followed (the broker is away): the next join tries again instead of finding this entry.
        if (this.held.get(room) === entry) this.held.delete(room);
        throw error;
      }
      // The last session may have left while this one waited: then follow the room anew.
      if (this.held.get(room) === entry) return entry.channel;
    }
  }

  /** The channel of a room held here, if any. */
  channel(room: string): RoomChannel<Session> | undefined {
    return this.held.get(room)?.channel;
  }

  /** Takes a session out of a room's channel; the last one out stops following the room. */
  remove(channel: RoomChannel<Session>, session: Session): void {
    if (!channel.remove(session)) return;
    const entry = this.held.get(channel.room);
    if (entry?.channel !== channel) return;
    this.held.delete(channel.room);
    void entry.following.then((unfollow) => unfollow(), () => undefined);
  }

  /** Sessions per room on this edge (for stats and metrics). */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [room, { channel }] of this.held) counts[room] = channel.size;
    return counts;
  }

  /** Presence leases of every signed-in session in a room here, for the periodic refresh. */
  presenceEntries(): { room: string; userId: string; connectionId: string }[] {
    const entries: { room: string; userId: string; connectionId: string }[] = [];
    for (const [room, { channel }] of this.held) {
      for (const session of channel.recipients()) if (session.userId !== null) entries.push({ room, userId: session.userId, connectionId: session.id });
    }
    return entries;
  }

  private follow(room: string): HeldRoom {
    const channel = new RoomChannel<Session>(room);
    const following = this.feed.followRoom(room, {
      messages: (deliveries) => this.receive(channel, deliveries),
      event: (delivery) => this.telemetry.delivered('event', channel.broadcast(delivery)),
    });
    const entry = { channel, following };
    this.held.set(room, entry);
    return entry;
  }

  private receive(channel: RoomChannel<Session>, deliveries: Delivery[]): void {
    this.telemetry.delivered('message:new', channel.receive(deliveries));
    if (channel.gap()) this.repairGap.schedule(channel);
  }
}

import { inject, injectable } from 'tsyringe';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import { messageNewFrame } from '#contracts/chat/chat-payloads';
import { Delivery } from '../../../domain/delivery';
import type { RoomChannel } from '../../../domain/room-channel.entity';
import type { CoreClientPort } from '../../ports/core-client.port';
import type { EdgeTelemetryPort } from '../../ports/edge-telemetry.port';
import type { Session } from '../../session';
import { CORE_CLIENT, LOGGER, TELEMETRY } from '../../../tokens';

/** How long a missing seq may hold later ones back before it is fetched from the store. */
export const GAP_WAIT_MS = 250;

/**
 * Gap repair: deliveries are core-NATS (at most once), so a room's stream on this edge can miss a
 * seq. After GAP_WAIT_MS (a late delivery usually arrives meanwhile), the missing range is read
 * from the store and released in order; a failed read is retried while the gap lasts. One repair
 * per room at a time. Holds per-room state: one per edge (a singleton of main.ts's container).
 */
@injectable()
export class RepairGapUseCase {
  /** Rooms with a repair waiting (its timer) or running. */
  private readonly pending = new Map<RoomChannel<Session>, NodeJS.Timeout | 'running'>();
  /** Failed repairs are retried every GAP_WAIT_MS per room: logged as one outage, not a line each. */
  private readonly outage: OutageLog;

  constructor(
    @inject(CORE_CLIENT) private readonly core: CoreClientPort,
    @inject(TELEMETRY) private readonly telemetry: EdgeTelemetryPort,
    @inject(LOGGER) logger: Logger,
  ) {
    this.outage = new OutageLog(logger, 'messaging core (gap repair)');
  }

  /** A room's stream is held back: repair it unless a repair is already waiting or running. */
  schedule(channel: RoomChannel<Session>): void {
    if (!channel.gap() || this.pending.has(channel)) return;
    const timer = setTimeout(() => void this.repair(channel), GAP_WAIT_MS);
    timer.unref();
    this.pending.set(channel, timer);
  }

  private async repair(channel: RoomChannel<Session>): Promise<void> {
    const gap = channel.gap();
    if (!gap || channel.closed) return void this.pending.delete(channel);
    this.pending.set(channel, 'running');
    try {
      // Read as one of the room's members here: private rooms refuse anonymous reads.
      const asUser = [...channel.recipients()].find((session) => session.userId !== null)?.userId ?? null;
      const messages = await this.core.history({ room: channel.room, userId: asUser, afterSeq: gap.after, upToSeq: gap.upTo });
      this.telemetry.delivered('message:new', channel.receive(messages.map((m) => new Delivery(messageNewFrame(m), m.seq))));
      this.outage.recovered();
    } catch (error) {
      this.outage.failed(error, { room: channel.room, gap, rooms_waiting: this.pending.size });
    } finally {
      this.pending.delete(channel);
      this.schedule(channel);
    }
  }
}

import { inject, injectable } from 'tsyringe';
import type { Logger } from '#kernel/logging/logger';
import { OutageLog } from '#kernel/lifecycle/outage-log';
import { toPublicError } from '#kernel/errors/infrastructure-errors';
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
  /** Repairs that fail because the core is away are retried every GAP_WAIT_MS: one outage in the log, not a line each. */
  private readonly outage: OutageLog;
  private readonly refused: OutageLog;
  /** Rooms whose last repair failed: the outage ends when none is left. */
  private readonly failing = new Set<RoomChannel<Session>>();

  constructor(
    @inject(CORE_CLIENT) private readonly core: CoreClientPort,
    @inject(TELEMETRY) private readonly telemetry: EdgeTelemetryPort,
    @inject(LOGGER) logger: Logger,
  ) {
    this.outage = new OutageLog(logger, 'messaging core (gap repair)');
    this.refused = new OutageLog(logger, 'gap repair (refused by the core)');
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
      this.failing.delete(channel);
      if (this.failing.size === 0) {
        this.outage.recovered();
        this.refused.recovered();
      }
    } catch (error) {
      this.failing.add(channel);
      if (toPublicError(error, () => undefined)?.kind === 'unavailable') this.outage.failed(error, { room: channel.room, gap, rooms_failing: this.failing.size });
      // Not an outage (a refusal, a bug): the room stays held back until it is mended; logged the same way, once.
      else this.refused.failed(error, { room: channel.room, gap, rooms_failing: this.failing.size });
    } finally {
      if (channel.closed) this.failing.delete(channel);
      this.pending.delete(channel);
      this.schedule(channel);
    }
  }
}

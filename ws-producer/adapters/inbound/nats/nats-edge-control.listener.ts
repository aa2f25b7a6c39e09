import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import { guarded } from '#kernel/nats/nats-connection';
import { followRevocations } from '#contracts/auth/follow-revocations';
import { EdgeControlSchema } from '#contracts/chat/edge-api';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { RevokeSessionsUseCase } from '../../../application/use-cases/revoke-sessions/revoke-sessions.use-case';
import type { RemoveFromRoomUseCase } from '../../../application/use-cases/remove-from-room/remove-from-room.use-case';
import type { EdgeStatsUseCase } from '../../../application/use-cases/edge-stats/edge-stats.use-case';

export interface EdgeControlUseCases {
  revokeSessions: RevokeSessionsUseCase;
  removeFromRoom: RemoveFromRoomUseCase;
  edgeStats: EdgeStatsUseCase;
}

/**
 * What other services tell every edge over NATS: auth's revocations, the core's room removals,
 * and requests for this edge's connection counts (GetConnectionStats on any edge).
 */
export class NatsEdgeControlListener {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly names: ChatNames,
    private readonly useCases: EdgeControlUseCases,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const { edgeControl, edgeStats } = this.names;
    this.subscriptions.push(
      followRevocations(this.nc, this.prefix, this.logger, (notice) => this.useCases.revokeSessions.run(notice)),
      this.nc.subscribe(edgeControl, {
        callback: guarded(this.logger, edgeControl, (msg) => {
          const control = EdgeControlSchema.parse(msg.json());
          this.useCases.removeFromRoom.run(control.room, control.user_id);
        }),
      }),
      this.nc.subscribe(edgeStats, { callback: guarded(this.logger, edgeStats, (msg) => msg.respond(JSON.stringify(this.useCases.edgeStats.local()))) }),
    );
  }

  stop(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }
}

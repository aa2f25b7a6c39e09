import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import { EdgeControlSchema, EdgeStatsSchema, type EdgeStats } from '#contracts/chat/edge-api';
import { followRevocations } from '#contracts/auth/follow-revocations';
import { guarded } from '#kernel/nats/nats-connection';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import type { TokenVerifierPort } from '../../../application/ports/token-verifier.port';
import type { CoreClientPort } from '../../../application/ports/core-client.port';
import type { WsGateway } from '../ws/ws-gateway';
import type { RoomHub } from '../ws/room-hub';
import type { RealtimeOutbox } from '../grpc/realtime.grpc';

/** How long GetConnectionStats waits for edges to answer. */
const STATS_WAIT_MS = 300;
/** Entries per presence refresh message (keeps each under NATS' 1 MB limit). */
const PRESENCE_CHUNK = 2_000;

/**
 * This edge on NATS: revocations from auth (close sockets), control from the core (room
 * removals), connection stats for GetConnectionStats, presence lease refresh, and the outbox for
 * notifications sent through gRPC.
 */
export class EdgeBus implements RealtimeOutbox {
  readonly edgeId = randomUUID();
  private readonly subscriptions: Subscription[] = [];
  private presenceTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ChatNames,
    private readonly prefix: string,
    private readonly gateway: WsGateway,
    private readonly hub: RoomHub,
    private readonly verifier: TokenVerifierPort,
    private readonly core: CoreClientPort,
    private readonly logger: Logger,
  ) {}

  start(presenceRefreshMs: number): void {
    const { edgeControl, edgeStats } = this.names;
    this.subscriptions.push(
      followRevocations(this.nc, this.prefix, this.verifier, this.logger, (notice) => {
        const closed = this.gateway.revoke(notice);
        if (closed > 0) this.logger.info({ closed }, 'closed sockets of revoked tokens');
      }),
      this.nc.subscribe(edgeControl, {
        callback: guarded(this.logger, edgeControl, (msg) => {
          const control = EdgeControlSchema.parse(msg.json());
          this.core.forgetAuthorization(control.room, control.user_id);
          this.gateway.removeFromRoom(control.room, control.user_id);
        }),
      }),
      this.nc.subscribe(edgeStats, { callback: guarded(this.logger, edgeStats, (msg) => msg.respond(JSON.stringify(this.localStats()))) }),
    );
    this.presenceTimer = setInterval(() => this.refreshPresence(), presenceRefreshMs);
    this.presenceTimer.unref();
  }

  stop(): void {
    clearInterval(this.presenceTimer);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  localStats(): EdgeStats {
    return { edge_id: this.edgeId, ...this.gateway.stats(), rooms: this.hub.roomCounts() };
  }

  toUser(userId: string, type: string, payload: object): void {
    this.nc.publish(this.names.deliverUser(userId), JSON.stringify({ type, payload }));
  }

  toRoom(room: string, type: string, payload: object): void {
    this.nc.publish(this.names.deliverRoom(room), JSON.stringify({ type, payload }));
  }

  async stats(): Promise<{ connections: number; authenticated: number; rooms: Record<string, number>; edges: number }> {
    const totals = { connections: 0, authenticated: 0, rooms: {} as Record<string, number>, edges: 0 };
    const replies = await this.nc.requestMany(this.names.edgeStats, '', { strategy: 'timer', maxWait: STATS_WAIT_MS });
    for await (const reply of replies) {
      const stats = EdgeStatsSchema.safeParse(reply.json());
      if (!stats.success) continue;
      totals.edges++;
      totals.connections += stats.data.connections;
      totals.authenticated += stats.data.authenticated;
      for (const [room, count] of Object.entries(stats.data.rooms)) totals.rooms[room] = (totals.rooms[room] ?? 0) + count;
    }
    return totals;
  }

  private refreshPresence(): void {
    const entries = this.hub.presenceEntries();
    for (let i = 0; i < entries.length; i += PRESENCE_CHUNK) this.core.refreshPresence(entries.slice(i, i + PRESENCE_CHUNK));
  }
}

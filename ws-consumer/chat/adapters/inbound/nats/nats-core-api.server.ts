import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '#kernel/logging/logger';
import type { ErrorTranslator } from '#kernel/errors/error-kind';
import { serveNats } from '#kernel/nats/nats-rpc';
import type { ChatNames } from '#contracts/chat/chat-subjects';
import { AuthorizeRequestSchema, HistoryRequestSchema, JoinRequestSchema, LeaveNoticeSchema, PresenceRefreshSchema, ReadRequestSchema } from '#contracts/chat/core-api';
import type { JoinRoomUseCase } from '../../../application/use-cases/join-room/join-room.use-case';
import type { RepairGapUseCase } from '../../../application/use-cases/repair-gap/repair-gap.use-case';
import type { AuthorizeSendUseCase } from '../../../application/use-cases/authorize-send/authorize-send.use-case';
import type { MarkReadUseCase } from '../../../application/use-cases/mark-read/mark-read.use-case';
import type { TrackPresenceUseCase } from '../../../application/use-cases/track-presence/track-presence.use-case';

export interface CoreApiUseCases {
  join: JoinRoomUseCase;
  repairGap: RepairGapUseCase;
  authorize: AuthorizeSendUseCase;
  markRead: MarkReadUseCase;
  presence: TrackPresenceUseCase;
}

/**
 * The core's request/reply API for edges (contracts in shared/contracts/chat/core-api.ts). Every
 * ws-consumer serves it in one queue group, so any of them answers any edge.
 */
export function serveCoreApi(nc: NatsConnection, names: ChatNames, useCases: CoreApiUseCases, translateError: ErrorTranslator, logger: Logger): Subscription[] {
  const common = { queue: names.coreQueue, translateError, logger };
  return [
    serveNats(nc, {
      ...common,
      subject: names.coreJoin,
      schema: JoinRequestSchema,
      handler: (r) => useCases.join.run({ room: r.room, userId: r.user_id, connectionId: r.connection_id, sinceSeq: r.since_seq, recoveryMax: r.recovery_max }),
    }),
    serveNats(nc, {
      ...common,
      subject: names.coreHistory,
      schema: HistoryRequestSchema,
      handler: async (r) => ({ messages: await useCases.repairGap.run({ room: r.room, userId: r.user_id, afterSeq: r.after_seq, upToSeq: r.up_to_seq }) }),
    }),
    serveNats(nc, { ...common, subject: names.coreAuthorize, schema: AuthorizeRequestSchema, handler: (r) => useCases.authorize.run({ room: r.room, userId: r.user_id }) }),
    serveNats(nc, { ...common, subject: names.coreRead, schema: ReadRequestSchema, handler: (r) => useCases.markRead.run({ room: r.room, userId: r.user_id, seq: r.seq }) }),
    serveNats(nc, {
      ...common,
      subject: names.coreLeave,
      schema: LeaveNoticeSchema,
      handler: (r) => useCases.presence.leave({ room: r.room, userId: r.user_id, connectionId: r.connection_id }),
    }),
    serveNats(nc, {
      ...common,
      subject: names.corePresence,
      schema: PresenceRefreshSchema,
      handler: (r) => useCases.presence.refresh(r.entries.map((e) => ({ room: e.room, userId: e.user_id, connectionId: e.connection_id }))),
    }),
  ];
}

import type { AsyncUnary } from '#kernel/grpc/grpc-server';
import { parseOrThrow } from '#kernel/errors/validation';
import type { NotifyUseCase } from '../../../application/use-cases/notify/notify.use-case';
import type { EdgeStatsUseCase } from '../../../application/use-cases/edge-stats/edge-stats.use-case';
import { BookingResultSchema, PaymentStatusSchema, QueuePositionSchema, ToRoomSchema, ToUserSchema } from '../../../application/use-cases/notify/notify.schema';

const accepted = { accepted: true };

/** realtime.v1.RealtimeService: the seed's notification methods, for sockets on every edge. Bad requests are INVALID_ARGUMENT. */
export function realtimeGrpcHandlers(notify: NotifyUseCase, edgeStats: EdgeStatsUseCase): Record<string, AsyncUnary<unknown, object>> {
  return {
    NotifyBookingResult: async (request) => {
      notify.bookingResult(parseOrThrow(BookingResultSchema, request, 'request'));
      return accepted;
    },
    NotifyQueuePosition: async (request) => {
      notify.queuePosition(parseOrThrow(QueuePositionSchema, request, 'request'));
      return accepted;
    },
    NotifyPaymentStatus: async (request) => {
      notify.paymentStatus(parseOrThrow(PaymentStatusSchema, request, 'request'));
      return accepted;
    },
    BroadcastEvent: async (request) => {
      notify.toRoom(parseOrThrow(ToRoomSchema, request, 'request'));
      return accepted;
    },
    SendToUser: async (request) => {
      notify.toUser(parseOrThrow(ToUserSchema, request, 'request'));
      return accepted;
    },
    GetConnectionStats: async () => {
      const totals = await edgeStats.all();
      return { total_connections: totals.connections, authenticated_connections: totals.authenticated, connections_per_room: totals.rooms, edges: totals.edges.length };
    },
  };
}

/**
 * NATS names of chat, shared by ws-producer (edge) and ws-consumer (core), all behind
 * NAME_PREFIX so test runs never share streams. Room names never contain `.`, so they are single
 * subject tokens.
 */
export function chatNames(prefix: string) {
  return {
    /** JetStream stream of chat messages, subjects `chat.>`. */
    chatStream: `${prefix}CHAT`,
    chatSubjects: `${prefix}chat.>`,
    /** Where the edge publishes a message for `room`. */
    chatRoom: (room: string) => `${prefix}chat.room.${room}`,
    /** Durable pull consumer of the core on CHAT. */
    chatConsumer: `${prefix}core-persist`,
    /** Durable pull consumer of the core's search module on CHAT (indexes what core-persist stored). */
    searchConsumer: `${prefix}search-messages`,
    /** Core NATS: deliveries to the edges that hold sockets in a room / of a user. */
    deliverRoom: (room: string) => `${prefix}deliver.room.${room}`,
    deliverUser: (userId: string) => `${prefix}deliver.user.${userId}`,
    /** Core NATS request/reply served by every ws-consumer in one queue group. */
    coreJoin: `${prefix}core.rooms.join`,
    coreHistory: `${prefix}core.rooms.history`,
    coreAuthorize: `${prefix}core.rooms.authorize`,
    coreRead: `${prefix}core.rooms.read`,
    coreLeave: `${prefix}core.rooms.leave`,
    corePresence: `${prefix}core.presence.refresh`,
    coreQueue: `${prefix}core`,
    /** Requests to every edge (GetConnectionStats) and control messages to them (kicks). */
    edgeStats: `${prefix}edge.stats`,
    edgeControl: `${prefix}edge.control`,
  };
}

export type ChatNames = ReturnType<typeof chatNames>;

/** NATS header carrying a delivery's room sequence number, so edges order without parsing JSON. */
export const SEQ_HEADER = 'Rt-Seq';
/** NATS header naming the room of a user delivery (for per-room de-duplication at the edge). */
export const ROOM_HEADER = 'Rt-Room';

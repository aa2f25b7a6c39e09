/**
 * NATS and queue names of ticketing, behind NAME_PREFIX. Its domain events go to JetStream stream
 * TICKETING, one subject per type (`ticketing.booking.confirmed`); the core follows them with
 * durable consumers of its own.
 */
export function ticketingNames(prefix: string) {
  return {
    stream: `${prefix}TICKETING`,
    subjects: `${prefix}ticketing.>`,
    /** Where events of `type` (`booking.confirmed`) are published. */
    subject: (type: string) => `${prefix}ticketing.${type}`,
    /** The core's durable consumers: frames for sockets, event rooms for chat, … */
    framesConsumer: `${prefix}core-ticketing-frames`,
    roomsConsumer: `${prefix}core-event-rooms`,
    /** The core's search module indexes event.created. */
    searchConsumer: `${prefix}search-events`,
    /** BullMQ queues (their Redis keys take the prefix too). */
    bookingQueue: `${prefix}booking`,
    maintenanceQueue: `${prefix}ticketing-maintenance`,
  };
}

export type TicketingNames = ReturnType<typeof ticketingNames>;

/** The chat room of an event: public, read-only, made when the event is created. */
export const eventRoom = (eventId: string): string => `event:${eventId}`;

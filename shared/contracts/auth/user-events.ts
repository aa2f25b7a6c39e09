import { z } from 'zod';
import { eventStream, type StreamDefinition } from '#kernel/nats/jetstream-streams';
import { UserIdSchema } from './user-id';

/**
 * Auth's user events on JetStream stream USERS (`users.>` behind NAME_PREFIX), published after
 * the change is stored, with `Nats-Msg-Id: user.registered:<id>`; the core's search module indexes them.
 */
export function userEventNames(prefix: string) {
  return {
    stream: `${prefix}USERS`,
    subjects: `${prefix}users.>`,
    registered: `${prefix}users.registered`,
    /** The core's durable consumer that indexes users for search. */
    searchConsumer: `${prefix}search-users`,
  };
}

export const UserRegisteredSchema = z.object({
  type: z.literal('user.registered'),
  user_id: UserIdSchema,
  username: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  registered_at: z.iso.datetime(),
});
export type UserRegistered = z.infer<typeof UserRegisteredSchema>;

/** Stream USERS: file storage, a 2-minute duplicate window, 30 days (reindex rebuilds anything older). */
export function userEventStreams(prefix: string): StreamDefinition[] {
  const names = userEventNames(prefix);
  return [eventStream(names.stream, names.subjects, 30)];
}

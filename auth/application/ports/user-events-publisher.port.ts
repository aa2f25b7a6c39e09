import type { User } from '../../domain/user.entity';

export interface UserEventsPublisherPort {
  /**
   * Announces a stored account (user.registered) for the core's search index. Never fails the
   * registration: an announcement that cannot be made is logged, and `npm run reindex users` adds the user.
   */
  registered(user: User): Promise<void>;
}

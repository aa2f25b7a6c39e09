import type { User } from '../../../domain/user.entity';
import type { UserEventsPublisherPort } from '../../../application/ports/user-events-publisher.port';

/** Keeps the users announced, for a test to inspect. */
export class InMemoryUserEventsPublisher implements UserEventsPublisherPort {
  readonly registeredUsers: User[] = [];

  async registered(user: User): Promise<void> {
    this.registeredUsers.push(user);
  }
}

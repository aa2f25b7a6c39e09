import { inject, injectable } from 'tsyringe';
import type { UserRegistered } from '#contracts/auth/user-events';
import type { SearchIndexPort } from '../../ports/search-index.port';
import { SEARCH_INDEX } from '../../../tokens';

/** Indexes the users auth announces (user.registered). */
@injectable()
export class IndexUsersUseCase {
  constructor(@inject(SEARCH_INDEX) private readonly index: SearchIndexPort) {}

  run(users: UserRegistered[]): Promise<void> {
    return this.index.indexUsers(users.map((u) => ({ userId: u.user_id, username: u.username, email: u.email, phone: u.phone })));
  }
}

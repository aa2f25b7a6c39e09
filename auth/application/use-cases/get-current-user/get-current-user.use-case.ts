import { inject, injectable } from 'tsyringe';
import { AuthError } from '../../../domain/auth.errors';
import { toPublicUser, type PublicUser } from '../../../domain/user.entity';
import type { UserRepositoryPort } from '../../ports/user-repository.port';
import { USER_REPOSITORY } from '../../../tokens';

/** The signed-in user's own profile. */
@injectable()
export class GetCurrentUserUseCase {
  constructor(@inject(USER_REPOSITORY) private readonly users: UserRepositoryPort) {}

  async run(userId: string): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (!user) throw new AuthError('AUTH.USER_NOT_FOUND', 'user no longer exists');
    return toPublicUser(user);
  }
}

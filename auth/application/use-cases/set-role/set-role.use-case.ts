import { inject, injectable } from 'tsyringe';
import { AuthError } from '../../../domain/auth.errors';
import { parseRole, type Role } from '../../../domain/user.entity';
import type { UserRepositoryPort } from '../../ports/user-repository.port';
import { USER_REPOSITORY } from '../../../tokens';

/**
 * An operator gives a user a role (`npm run user:role`). Tokens carry the role, so it takes effect
 * with the user's next access token: at the next login or refresh, within ACCESS_TOKEN_TTL.
 */
@injectable()
export class SetRoleUseCase {
  constructor(@inject(USER_REPOSITORY) private readonly users: UserRepositoryPort) {}

  /** AUTH.UNKNOWN_ROLE for a role other than user and admin, AUTH.USER_NOT_FOUND for an unknown username. */
  async run(username: string, roleName: string): Promise<{ username: string; role: Role }> {
    const role = parseRole(roleName);
    const user = await this.users.setRole(username, role);
    if (!user) throw new AuthError('AUTH.USER_NOT_FOUND', `no user named "${username}"`, { username });
    return { username: user.username, role: user.role };
  }
}
